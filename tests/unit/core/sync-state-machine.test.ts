import { describe, expect, it } from 'vitest';
import {
  defaultSyncConfig,
  initialSyncState,
  transition,
  type SyncEvent,
  type SyncInstruction,
  type SyncMachineState,
} from '../../../src/core/sync-state-machine.ts';

const config = { ...defaultSyncConfig, backoff: { baseMs: 1_000, maxMs: 60_000 }, random: () => 0.5 };

/** Runs events from a state, collecting every instruction. */
function run(events: readonly SyncEvent[], from: SyncMachineState = initialSyncState) {
  let state = from;
  const instructions: SyncInstruction[] = [];
  for (const event of events) {
    const next = transition(state, event, config);
    state = next.state;
    instructions.push(...next.instructions);
  }
  return { state, instructions };
}

const started = run([{ type: 'start' }]).state;
const idle = run([
  { type: 'start' },
  { type: 'pull_succeeded', hasMore: false },
  { type: 'push_succeeded', moreDue: false },
]).state;

describe('sync state machine', () => {
  it('starts by pulling and arms the 30 s poll', () => {
    expect(run([{ type: 'start' }])).toEqual({
      state: { ...initialSyncState, phase: 'pulling' },
      instructions: [{ kind: 'pull' }, { kind: 'set_timer', timer: 'poll', delayMs: 30_000 }],
    });
  });

  it('pulls every page, then pushes, then rests', () => {
    const { state, instructions } = run(
      [
        { type: 'pull_succeeded', hasMore: true },
        { type: 'pull_succeeded', hasMore: false },
        { type: 'push_succeeded', moreDue: true },
        { type: 'push_succeeded', moreDue: false },
      ],
      started,
    );
    expect(instructions).toEqual([{ kind: 'pull' }, { kind: 'push' }, { kind: 'push' }]);
    expect(state.phase).toBe('idle');
  });

  it('pulls on a poke, a poll and sync now when idle', () => {
    for (const event of [{ type: 'poke' }, { type: 'sync_now' }] as const) {
      expect(run([event], idle).instructions).toEqual([{ kind: 'pull' }]);
    }
    expect(run([{ type: 'timer_fired', timer: 'poll' }], idle).instructions).toEqual([
      { kind: 'pull' },
      { kind: 'set_timer', timer: 'poll', delayMs: 30_000 },
    ]);
  });

  it('debounces outbox changes into one push', () => {
    const { state, instructions } = run(
      [{ type: 'outbox_changed' }, { type: 'timer_fired', timer: 'push_debounce' }],
      idle,
    );
    expect(instructions).toEqual([
      { kind: 'set_timer', timer: 'push_debounce', delayMs: 150 },
      { kind: 'push' },
    ]);
    expect(state.phase).toBe('pushing');
  });

  it('queues triggers that arrive during a step and serves them after it, never overlapping', () => {
    const pushing = run([{ type: 'pull_succeeded', hasMore: false }], started).state;
    const { state, instructions } = run(
      [{ type: 'poke' }, { type: 'poke' }, { type: 'push_succeeded', moreDue: false }],
      pushing,
    );
    expect(instructions).toEqual([{ kind: 'pull' }]);
    expect(state).toMatchObject({ phase: 'pulling', pullQueued: false });
  });

  it('backs off after a failure and retries with a pull when the timer fires', () => {
    const failed = run([{ type: 'step_failed', error: 'network' }], started);
    expect(failed.state).toMatchObject({ phase: 'waiting', consecutiveFailures: 1, lastError: 'network' });
    expect(failed.instructions).toEqual([{ kind: 'set_timer', timer: 'retry', delayMs: 500 }]);
    expect(run([{ type: 'poke' }], failed.state).instructions).toEqual([]);
    expect(run([{ type: 'timer_fired', timer: 'retry' }], failed.state).instructions).toEqual([
      { kind: 'pull' },
    ]);
    expect(run([{ type: 'online' }], failed.state).instructions).toEqual([
      { kind: 'cancel_timer', timer: 'probe' },
      { kind: 'cancel_timer', timer: 'retry' },
      { kind: 'pull' },
    ]);
    expect(run([{ type: 'sync_now' }], failed.state).instructions).toEqual([
      { kind: 'cancel_timer', timer: 'retry' },
      { kind: 'pull' },
    ]);
  });

  it('raises an alert once after 5 consecutive failures and clears it on the next success', () => {
    const failOnce: SyncEvent[] = [
      { type: 'step_failed', error: 'HTTP 500' },
      { type: 'timer_fired', timer: 'retry' },
    ];
    const fiveFailures = run(
      [...failOnce, ...failOnce, ...failOnce, ...failOnce, ...failOnce, ...failOnce],
      started,
    );
    const alerts = fiveFailures.instructions.filter((i) => i.kind === 'raise_alert');
    expect(alerts).toEqual([{ kind: 'raise_alert', failures: 5, error: 'HTTP 500' }]);
    expect(fiveFailures.state).toMatchObject({ alert: true, consecutiveFailures: 6, phase: 'pulling' });
    const recovered = run([{ type: 'pull_succeeded', hasMore: false }], fiveFailures.state);
    expect(recovered.instructions).toEqual([{ kind: 'clear_alert' }, { kind: 'push' }]);
    expect(recovered.state).toMatchObject({ alert: false, consecutiveFailures: 0, lastError: null });
  });

  it('grows the retry delay with each failure (full jitter, capped)', () => {
    const delays = run(
      Array.from(
        { length: 8 },
        () =>
          [
            { type: 'step_failed', error: 'x' },
            { type: 'timer_fired', timer: 'retry' },
          ] as SyncEvent[],
      ).flat(),
      started,
    ).instructions.flatMap((i) => (i.kind === 'set_timer' && i.timer === 'retry' ? [i.delayMs] : []));
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it('waits offline without attempts, and pulls as soon as it is online', () => {
    const offline = run([{ type: 'offline' }], idle);
    expect(offline.state.phase).toBe('offline');
    expect(
      run(
        [{ type: 'outbox_changed' }, { type: 'poke' }, { type: 'timer_fired', timer: 'poll' }],
        offline.state,
      ).instructions,
    ).toEqual([{ kind: 'set_timer', timer: 'poll', delayMs: 30_000 }]);
    expect(run([{ type: 'online' }], offline.state).instructions).toEqual([
      { kind: 'cancel_timer', timer: 'probe' },
      { kind: 'pull' },
    ]);
  });

  it('asks every 750 ms whether an unreachable server answers, and pulls at its first answer', () => {
    const unreachable = run(
      [{ type: 'step_failed', error: 'offline: fetch failed', unreachable: true }],
      started,
    );
    expect(unreachable.state).toMatchObject({ phase: 'waiting', unreachable: true });
    expect(unreachable.instructions).toEqual([
      { kind: 'set_timer', timer: 'retry', delayMs: 500 },
      { kind: 'set_timer', timer: 'probe', delayMs: 750 },
    ]);
    expect(run([{ type: 'timer_fired', timer: 'probe' }], unreachable.state).instructions).toEqual([
      { kind: 'probe' },
    ]);
    // No answer: ask again 750 ms later; the retry backoff runs on its own meanwhile.
    expect(run([{ type: 'probe_answered', reachable: false }], unreachable.state).instructions).toEqual([
      { kind: 'set_timer', timer: 'probe', delayMs: 750 },
    ]);
    const answered = run([{ type: 'probe_answered', reachable: true }], unreachable.state);
    expect(answered.instructions).toEqual([{ kind: 'cancel_timer', timer: 'retry' }, { kind: 'pull' }]);
    // The streak ends only when a step succeeds: a server that answers health checks but fails
    // the pull keeps backing off.
    expect(answered.state).toMatchObject({ phase: 'pulling', consecutiveFailures: 1 });
    const recovered = run([{ type: 'pull_succeeded', hasMore: false }], answered.state);
    expect(recovered.state).toMatchObject({ unreachable: false, consecutiveFailures: 0 });
    expect(run([{ type: 'timer_fired', timer: 'probe' }], recovered.state).instructions).toEqual([]);
  });

  it('does not probe a server that answers with errors: the backoff alone paces it', () => {
    const erroring = run([{ type: 'step_failed', error: 'server error 500' }], started);
    expect(erroring.instructions).toEqual([{ kind: 'set_timer', timer: 'retry', delayMs: 500 }]);
    expect(run([{ type: 'timer_fired', timer: 'probe' }], erroring.state).instructions).toEqual([]);
    expect(run([{ type: 'probe_answered', reachable: true }], erroring.state).instructions).toEqual([]);
  });

  it('probes while the browser says offline too, and pulls when the server answers', () => {
    const offline = run([{ type: 'offline' }], idle);
    expect(offline.instructions).toEqual([
      { kind: 'cancel_timer', timer: 'retry' },
      { kind: 'set_timer', timer: 'probe', delayMs: 750 },
    ]);
    expect(run([{ type: 'timer_fired', timer: 'probe' }], offline.state).instructions).toEqual([
      { kind: 'probe' },
    ]);
    const answered = run([{ type: 'probe_answered', reachable: true }], offline.state);
    expect(answered).toMatchObject({ state: { phase: 'pulling' }, instructions: [{ kind: 'pull' }] });
  });

  it('ignores step results that arrive in another state, and stops cleanly', () => {
    expect(run([{ type: 'pull_succeeded', hasMore: true }], idle).instructions).toEqual([]);
    expect(run([{ type: 'poke' }], initialSyncState).instructions).toEqual([]);
    const stopped = run([{ type: 'stop' }], started);
    expect(stopped.state.phase).toBe('stopped');
    expect(stopped.instructions).toEqual(
      ['poll', 'retry', 'push_debounce', 'probe'].map((timer) => ({ kind: 'cancel_timer', timer })),
    );
    expect(run([{ type: 'push_succeeded', moreDue: true }], stopped.state).instructions).toEqual([]);
  });
});
