import { backoffDelay, defaultBackoff, type BackoffPolicy, type RandomSource } from './backoff.ts';

/**
 * The sync loop as a pure state machine. It never calls the network or sets a timer: each
 * `transition` returns the next state and the instructions the platform layer (the worker)
 * carries out, then reports back as events. A cycle is: pull until `has_more` is false, then push
 * until nothing is due, then idle.
 *
 *                       start
 *   ┌─────────┐ ──────────────────────────► ┌─────────┐ ◄── pull ok, has_more
 *   │ stopped │                             │ pulling │ ────────────────────┐
 *   └─────────┘ ◄── stop (from any state)   └─────────┘ ◄───────────────────┘
 *                                             │     ▲ pull ok
 *             poke / poll / online /          │     ▼
 *             sync_now / retry timer          │  ┌─────────┐ ◄── push ok, more due
 *   ┌──────┐ ─────────────────────────────────┘  │ pushing │ ───────────────┐
 *   │ idle │ ◄── push ok, nothing queued ─────── └─────────┘ ◄──────────────┘
 *   └──────┘ ── outbox_changed → debounce timer → pushing (pull queued → pulling)
 *
 *   pulling / pushing ── step failed ──► waiting (retry timer = backoff with jitter)
 *   waiting ── retry timer / sync_now / online / probe answered ──► pulling
 *   any running state ── offline ──► offline ── online / probe answered ──► pulling
 *
 * A failure that found no server at all (`unreachable`) and the browser's offline flag also arm
 * the probe timer: every `probeIntervalMs` the platform asks whether the server answers (a cheap
 * health request, no database work), and the first answer pulls at once. The backoff protects a
 * server that answers with errors; a link that comes back is noticed within a probe interval,
 * whether or not the platform sees an `online` event (a worker may not, a router that lost its
 * uplink sends none).
 *
 * Triggers arriving while a step runs set `pullQueued` / `pushQueued` and are served when the step
 * ends, so nothing is lost and steps never overlap. After `alertAfterFailures` consecutive
 * failures the machine raises an alert (kept until a step succeeds); it keeps retrying.
 * Step results that arrive in another state (after stop, say) are ignored.
 */
export type SyncPhase = 'stopped' | 'idle' | 'pulling' | 'pushing' | 'waiting' | 'offline';

export interface SyncMachineState {
  readonly phase: SyncPhase;
  readonly pullQueued: boolean;
  readonly pushQueued: boolean;
  readonly consecutiveFailures: number;
  readonly alert: boolean;
  readonly lastError: string | null;
  /** The last step found no server (no answer at all): probing until one answers. */
  readonly unreachable: boolean;
}

export type SyncTimer = 'poll' | 'retry' | 'push_debounce' | 'probe';

export type SyncEvent =
  | { readonly type: 'start' }
  | { readonly type: 'stop' }
  | { readonly type: 'online' }
  | { readonly type: 'offline' }
  | { readonly type: 'poke' }
  | { readonly type: 'outbox_changed' }
  | { readonly type: 'sync_now' }
  | { readonly type: 'timer_fired'; readonly timer: SyncTimer }
  | { readonly type: 'pull_succeeded'; readonly hasMore: boolean }
  | { readonly type: 'push_succeeded'; readonly moreDue: boolean }
  | { readonly type: 'step_failed'; readonly error: string; readonly unreachable?: boolean }
  | { readonly type: 'probe_answered'; readonly reachable: boolean };

export type SyncInstruction =
  | { readonly kind: 'pull' }
  | { readonly kind: 'push' }
  | { readonly kind: 'probe' }
  | { readonly kind: 'set_timer'; readonly timer: SyncTimer; readonly delayMs: number }
  | { readonly kind: 'cancel_timer'; readonly timer: SyncTimer }
  | { readonly kind: 'raise_alert'; readonly failures: number; readonly error: string }
  | { readonly kind: 'clear_alert' };

export interface SyncMachineConfig {
  readonly pollIntervalMs: number;
  readonly pushDebounceMs: number;
  readonly alertAfterFailures: number;
  /** How often an unreachable server is asked whether it answers again. */
  readonly probeIntervalMs: number;
  readonly backoff: BackoffPolicy;
  readonly random: RandomSource;
}

export const defaultSyncConfig: Omit<SyncMachineConfig, 'random'> = {
  pollIntervalMs: 30_000,
  pushDebounceMs: 150,
  alertAfterFailures: 5,
  probeIntervalMs: 750,
  backoff: defaultBackoff,
};

export interface Transition {
  readonly state: SyncMachineState;
  readonly instructions: readonly SyncInstruction[];
}

export const initialSyncState: SyncMachineState = {
  phase: 'stopped',
  pullQueued: false,
  pushQueued: false,
  consecutiveFailures: 0,
  alert: false,
  lastError: null,
  unreachable: false,
};

export function transition(state: SyncMachineState, event: SyncEvent, config: SyncMachineConfig): Transition {
  if (event.type === 'stop') return stop(state);
  if (state.phase === 'stopped') return event.type === 'start' ? begin(state, config) : stay(state);
  switch (event.type) {
    case 'start':
      return stay(state);
    case 'offline':
      return goOffline(state, config);
    case 'online':
      // Coming back online is worth trying at once, even in the middle of a backoff.
      return prepend(
        [{ kind: 'cancel_timer', timer: 'probe' }],
        state.phase === 'offline' ? pull({ ...state, consecutiveFailures: 0 }) : requestPull(state, true),
      );
    case 'probe_answered':
      return probeAnswered(state, event.reachable, config);
    case 'poke':
    case 'sync_now':
      return requestPull(state, event.type === 'sync_now');
    case 'outbox_changed':
      return requestPush(state, config);
    case 'timer_fired':
      return timerFired(state, event.timer, config);
    case 'pull_succeeded':
      return state.phase === 'pulling' ? pullSucceeded(state, event.hasMore) : stay(state);
    case 'push_succeeded':
      return state.phase === 'pushing' ? pushSucceeded(state, event.moreDue) : stay(state);
    case 'step_failed':
      return state.phase === 'pulling' || state.phase === 'pushing'
        ? fail(state, event.error, event.unreachable ?? false, config)
        : stay(state);
  }
}

function begin(state: SyncMachineState, config: SyncMachineConfig): Transition {
  const started = pull({ ...state, pullQueued: false, pushQueued: false });
  return append(started, [{ kind: 'set_timer', timer: 'poll', delayMs: config.pollIntervalMs }]);
}

function stop(state: SyncMachineState): Transition {
  const timers: SyncTimer[] = ['poll', 'retry', 'push_debounce', 'probe'];
  return {
    state: { ...state, phase: 'stopped', pullQueued: false, pushQueued: false },
    instructions: timers.map((timer) => ({ kind: 'cancel_timer', timer })),
  };
}

function goOffline(state: SyncMachineState, config: SyncMachineConfig): Transition {
  const next = { ...state, phase: 'offline' as const, pullQueued: true };
  return {
    state: next,
    instructions: [{ kind: 'cancel_timer', timer: 'retry' }, armProbe(config)],
  };
}

/** Probing goes on while the browser says offline or the last step found no server. */
function probing(state: SyncMachineState): boolean {
  return state.phase === 'offline' || (state.phase === 'waiting' && state.unreachable);
}

function armProbe(config: SyncMachineConfig): SyncInstruction {
  return { kind: 'set_timer', timer: 'probe', delayMs: config.probeIntervalMs };
}

function probeAnswered(state: SyncMachineState, reachable: boolean, config: SyncMachineConfig): Transition {
  if (!probing(state)) return stay(state);
  if (!reachable) return { state, instructions: [armProbe(config)] };
  // The server answers: pull now. The failure streak stays until a step succeeds, so a server
  // that answers health checks but fails the pull keeps backing off.
  if (state.phase === 'offline') return pull(state);
  return prepend([{ kind: 'cancel_timer', timer: 'retry' }], pull(state));
}

function requestPull(state: SyncMachineState, now: boolean): Transition {
  if (state.phase === 'idle' || (now && state.phase === 'waiting')) {
    const instructions: SyncInstruction[] =
      state.phase === 'waiting' ? [{ kind: 'cancel_timer', timer: 'retry' }] : [];
    return prepend(instructions, pull(state));
  }
  return stay({ ...state, pullQueued: true });
}

function requestPush(state: SyncMachineState, config: SyncMachineConfig): Transition {
  const next = { ...state, pushQueued: true };
  if (state.phase !== 'idle') return stay(next);
  return {
    state: next,
    instructions: [{ kind: 'set_timer', timer: 'push_debounce', delayMs: config.pushDebounceMs }],
  };
}

function timerFired(state: SyncMachineState, timer: SyncTimer, config: SyncMachineConfig): Transition {
  if (timer === 'poll') {
    const rearm: SyncInstruction = { kind: 'set_timer', timer: 'poll', delayMs: config.pollIntervalMs };
    return append(requestPull(state, false), [rearm]);
  }
  if (timer === 'retry') return state.phase === 'waiting' ? pull(state) : stay(state);
  if (timer === 'probe') return probing(state) ? { state, instructions: [{ kind: 'probe' }] } : stay(state);
  return state.phase === 'idle' && state.pushQueued ? push(state) : stay(state);
}

function pullSucceeded(state: SyncMachineState, hasMore: boolean): Transition {
  const recovered = recover(state);
  if (hasMore) return prepend(recovered.instructions, pull(recovered.state));
  return prepend(recovered.instructions, push(recovered.state));
}

function pushSucceeded(state: SyncMachineState, moreDue: boolean): Transition {
  const recovered = recover(state);
  const next = recovered.state;
  if (moreDue || next.pushQueued) return prepend(recovered.instructions, push(next));
  if (next.pullQueued) return prepend(recovered.instructions, pull(next));
  return { state: { ...next, phase: 'idle' }, instructions: recovered.instructions };
}

function fail(
  state: SyncMachineState,
  error: string,
  unreachable: boolean,
  config: SyncMachineConfig,
): Transition {
  const failures = state.consecutiveFailures + 1;
  const delayMs = backoffDelay(failures, config.random, config.backoff);
  const raise = failures >= config.alertAfterFailures && !state.alert;
  const next: SyncMachineState = {
    ...state,
    phase: 'waiting',
    consecutiveFailures: failures,
    alert: state.alert || raise,
    lastError: error,
    unreachable,
  };
  const instructions: SyncInstruction[] = [{ kind: 'set_timer', timer: 'retry', delayMs }];
  if (unreachable) instructions.push(armProbe(config));
  if (raise) instructions.push({ kind: 'raise_alert', failures, error });
  return { state: next, instructions };
}

/** A step succeeded: the failure streak ends and a raised alert is cleared. */
function recover(state: SyncMachineState): Transition {
  const next = { ...state, consecutiveFailures: 0, alert: false, lastError: null, unreachable: false };
  return { state: next, instructions: state.alert ? [{ kind: 'clear_alert' }] : [] };
}

function pull(state: SyncMachineState): Transition {
  return { state: { ...state, phase: 'pulling', pullQueued: false }, instructions: [{ kind: 'pull' }] };
}

function push(state: SyncMachineState): Transition {
  return { state: { ...state, phase: 'pushing', pushQueued: false }, instructions: [{ kind: 'push' }] };
}

function stay(state: SyncMachineState): Transition {
  return { state, instructions: [] };
}

function prepend(instructions: readonly SyncInstruction[], next: Transition): Transition {
  return { state: next.state, instructions: [...instructions, ...next.instructions] };
}

function append(next: Transition, instructions: readonly SyncInstruction[]): Transition {
  return { state: next.state, instructions: [...next.instructions, ...instructions] };
}
