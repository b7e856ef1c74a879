import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  defaultSyncConfig,
  initialSyncState,
  transition,
  type SyncEvent,
  type SyncMachineState,
} from '../../../src/core/sync-state-machine.ts';

const RUNS = Number(process.env['FC_RUNS'] ?? 500);
const config = { ...defaultSyncConfig, random: () => 0.3 };

const event: fc.Arbitrary<SyncEvent> = fc.oneof(
  fc.constantFrom<SyncEvent>(
    { type: 'start' },
    { type: 'online' },
    { type: 'offline' },
    { type: 'poke' },
    { type: 'outbox_changed' },
    { type: 'sync_now' },
    { type: 'pull_succeeded', hasMore: false },
    { type: 'pull_succeeded', hasMore: true },
    { type: 'push_succeeded', moreDue: false },
    { type: 'push_succeeded', moreDue: true },
    { type: 'step_failed', error: 'boom' },
    { type: 'step_failed', error: 'no answer', unreachable: true },
    { type: 'probe_answered', reachable: false },
    { type: 'probe_answered', reachable: true },
  ),
  fc
    .constantFrom('poll' as const, 'retry' as const, 'push_debounce' as const, 'probe' as const)
    .map((timer): SyncEvent => ({ type: 'timer_fired', timer })),
);

/** Answers whatever the machine is doing with success, and fires the timers it armed. */
function settle(from: SyncMachineState): SyncMachineState {
  let state = from;
  for (let i = 0; i < 50; i += 1) {
    const answer: SyncEvent | null =
      state.phase === 'pulling'
        ? { type: 'pull_succeeded', hasMore: false }
        : state.phase === 'pushing'
          ? { type: 'push_succeeded', moreDue: false }
          : state.phase === 'waiting'
            ? { type: 'timer_fired', timer: 'retry' }
            : state.phase === 'idle' && state.pushQueued
              ? { type: 'timer_fired', timer: 'push_debounce' }
              : null;
    if (answer === null) return state;
    state = transition(state, answer, config).state;
  }
  return state;
}

describe('sync state machine properties', () => {
  it('only asks for a step in the phase that runs it, and raises one alert per failure streak', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 80 }), (events) => {
        let state = initialSyncState;
        let alerts = 0;
        for (const e of events) {
          const next = transition(state, e, config);
          for (const instruction of next.instructions) {
            if (instruction.kind === 'pull') expect(next.state.phase).toBe('pulling');
            if (instruction.kind === 'push') expect(next.state.phase).toBe('pushing');
            if (instruction.kind === 'raise_alert') alerts += 1;
            if (instruction.kind === 'clear_alert') alerts -= 1;
          }
          if (state.phase === 'stopped' && e.type !== 'start')
            expect(next.instructions.every((i) => i.kind === 'cancel_timer')).toBe(true);
          expect(alerts).toBe(next.state.alert ? 1 : 0);
          state = next.state;
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('never stops asking an unreachable server: a probe is armed or on the wire whenever the link seems down', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 80 }), (events) => {
        let state = transition(initialSyncState, { type: 'start' }, config).state;
        const armed = new Set<string>(['poll']);
        let probeOnTheWire = false;
        for (const e of events) {
          if (e.type === 'timer_fired') armed.delete(e.timer);
          if (e.type === 'probe_answered') probeOnTheWire = false;
          const next = transition(state, e, config);
          for (const instruction of next.instructions) {
            if (instruction.kind === 'set_timer') armed.add(instruction.timer);
            if (instruction.kind === 'cancel_timer') armed.delete(instruction.timer);
            if (instruction.kind === 'probe') probeOnTheWire = true;
          }
          state = next.state;
          const linkDown = state.phase === 'offline' || (state.phase === 'waiting' && state.unreachable);
          if (linkDown) expect(armed.has('probe') || probeOnTheWire).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('never loses a trigger: once steps succeed it comes to rest with nothing queued', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 80 }), (events) => {
        let state = transition(initialSyncState, { type: 'start' }, config).state;
        for (const e of events) state = transition(state, e, config).state;
        if (state.phase === 'offline') state = transition(state, { type: 'online' }, config).state;
        const rested = settle(state);
        expect(rested).toMatchObject({
          phase: 'idle',
          pullQueued: false,
          pushQueued: false,
          consecutiveFailures: 0,
          alert: false,
        });
      }),
      { numRuns: RUNS },
    );
  });
});
