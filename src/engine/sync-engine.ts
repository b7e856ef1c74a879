import { liveQuery } from 'dexie';
import { nextDueAt } from '../core/outbox/next-batch.ts';
import {
  defaultSyncConfig,
  initialSyncState,
  transition,
  type SyncEvent,
  type SyncInstruction,
  type SyncMachineConfig,
  type SyncMachineState,
  type SyncTimer,
} from '../core/sync-state-machine.ts';
import type { ClinicDb } from './local-db.ts';
import { noClockSkew } from '../core/clock-skew.ts';
import { heldBackRetryMs, type ServerHold } from '../core/server-hold.ts';
import type { LockPort } from './lock-port.ts';
import { pushLockName } from './lock-port.ts';
import { describeFailure, type RemoteFailure, type SyncRemote } from './remote-port.ts';
import { pullChanges, type PullOutcome } from './pull.ts';
import { pushAll, type PushOutcome } from './push.ts';
import { appendAudit, appendMetrics } from './capped-log.ts';
import { clientIdOf, readPullState, readPushState, type PullStart } from './sync-state.ts';
import type { SyncStatus } from './engine-api.ts';
import type { MetricsRecord } from './local-records.ts';

export interface SyncEngineOptions {
  readonly db: ClinicDb;
  readonly remote: SyncRemote;
  readonly locks: LockPort;
  readonly config?: Partial<SyncMachineConfig>;
  readonly pageSize?: number;
  readonly batchSize?: number;
  readonly now?: () => number;
  readonly newMid?: () => string;
}

/**
 * The platform side of the core's sync state machine: it feeds the machine events (start, poke,
 * timer, outbox change, online/offline, step results) and carries out its instructions (pull,
 * push, timers, alert lines). It never decides anything the machine decides; it only does I/O.
 * Steps never overlap (the machine runs one at a time); every push holds the push lock, so the
 * service worker's Background Sync never pushes at the same time.
 */
export interface SyncEngine {
  start(): Promise<void>;
  /** Stops the loop; resolves once the step in flight (if any) has finished. */
  stop(): Promise<void>;
  dispatch(event: SyncEvent): void;
  status(): Promise<SyncStatus>;
  onStatus(listener: (status: SyncStatus) => void): () => void;
  /** Resolves when the machine is next idle (or waiting/offline/stopped). */
  settled(): Promise<void>;
  isRunning(): boolean;
}

/**
 * How long the loop waits after an outbox change before pushing: not at all. An edit should reach
 * the other devices within a blink (P3), and bursts batch by themselves: edits made while a push
 * is on the wire wait for it (unsent ones fold into their row's entry) and leave together next.
 */
export const interactivePushDebounceMs = 0;

/** How often at most the status stream speaks (it always ends on the latest status). */
export const statusThrottleMs = 20;

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { db, remote, locks } = options;
  const now = options.now ?? Date.now;
  const config: SyncMachineConfig = {
    ...defaultSyncConfig,
    pushDebounceMs: interactivePushDebounceMs,
    random: Math.random,
    ...options.config,
  };
  let state: SyncMachineState = initialSyncState;
  let lastFailure: RemoteFailure | null = null;
  let pokeAt: number | null = null;
  // A pull asked for by pokes alone is skipped when every poked rev is at or below the cursor
  // (the revs this device's own push already passed, core cursorAfterPush): rev order is commit
  // order, so nothing new can sit below the cursor. Any other trigger (start, poll, online, sync
  // now, retry, a realtime (re)subscription) always asks the server.
  let pokedRev = 0;
  let serverPullWanted = true;
  // What the last pull said of a transaction holding the server's settled revs back, and how many
  // pulls in a row ended below a poked rev: that commit waits behind it, and its end may send no
  // poke, so the engine asks again, sooner than the poll (core heldBackRetryMs).
  let serverHold: ServerHold | null = null;
  let heldBackPulls = 0;
  // The cursor as last seen here: a lower bound of the stored one except right after a reset,
  // so a poke above it is known to need a pull without reading IndexedDB first.
  let seenCursor = 0;
  // The stored pull state as this engine's last pull or push left it: the next pull starts from
  // it without a read (null: read it). A stale one costs a request, never a row (pull.ts).
  let pullStart: PullStart | null = null;
  let clientId: string | null = null;
  // Outbox entries waiting or in flight, as the outbox watch last saw them (null until it has):
  // a push step with none skips the lock and the claim (a push follows every pull).
  let unsentEntries: number | null = null;
  let publishScheduled = false;
  let lastPublished = '';
  // The clock-skew estimate lives as long as the engine; every pull answer refines it.
  const clock = { skew: noClockSkew };
  const timers = new Map<SyncTimer | 'due' | 'held_back', ReturnType<typeof setTimeout>>();
  const listeners = new Set<(status: SyncStatus) => void>();
  const idleWaiters: Array<() => void> = [];
  const cleanups: Array<() => void> = [];
  // The step in flight, so `stop()` can wait for it: a step never outlives its engine's stop.
  let inFlight: Promise<void> = Promise.resolve();
  const track = (step: Promise<void>): void => {
    inFlight = step;
  };

  const dispatch = (event: SyncEvent): void => {
    if (asksTheServer(event)) serverPullWanted = true;
    const next = transition(state, event, config);
    state = next.state;
    for (const instruction of next.instructions) execute(instruction);
    if (!isBusy()) for (const wake of idleWaiters.splice(0)) wake();
    publish();
  };

  const isBusy = (): boolean =>
    state.phase === 'pulling' ||
    state.phase === 'pushing' ||
    (state.phase === 'idle' && (state.pushQueued || state.pullQueued));

  function execute(instruction: SyncInstruction): void {
    switch (instruction.kind) {
      case 'pull':
        track(runPull().catch(stepCrashed));
        return;
      case 'push':
        track(runPush().catch(stepCrashed));
        return;
      case 'probe':
        void remote
          .reachable()
          .catch(() => false)
          .then((reachable) => dispatch({ type: 'probe_answered', reachable }));
        return;
      case 'set_timer':
        setTimer(instruction.timer, instruction.delayMs, () =>
          dispatch({ type: 'timer_fired', timer: instruction.timer }),
        );
        return;
      case 'cancel_timer':
        clearTimer(instruction.timer);
        return;
      case 'raise_alert':
        void appendAudit(db, {
          kind: 'alert',
          message: `${instruction.failures} sync attempts failed in a row: ${instruction.error}`,
        }).catch(ignore);
        return;
      case 'clear_alert':
        void appendAudit(db, { kind: 'alert-cleared', message: 'sync works again' }).catch(ignore);
        return;
    }
  }

  function setTimer(name: SyncTimer | 'due' | 'held_back', delayMs: number, fire: () => void): void {
    clearTimer(name);
    timers.set(
      name,
      setTimeout(() => {
        timers.delete(name);
        fire();
      }, delayMs),
    );
  }

  function clearTimer(name: SyncTimer | 'due' | 'held_back'): void {
    const handle = timers.get(name);
    if (handle !== undefined) clearTimeout(handle);
    timers.delete(name);
  }

  async function runPull(): Promise<void> {
    const started = now();
    const triggeredBy = pokeAt;
    pokeAt = null;
    const wanted = serverPullWanted;
    serverPullWanted = false;
    if (!wanted && pokedRev <= seenCursor && (await pokesAlreadyPulled().catch(() => false))) {
      dispatch({ type: 'pull_succeeded', hasMore: false });
      return;
    }
    const cycleRecord = (totals: { readonly rows: number; readonly bytes: number }): MetricsRecord =>
      cycleLine({
        kind: 'pull',
        started,
        ok: true,
        ...totals,
        conflicts: 0,
        queueDepth: unsentEntries ?? 0,
        pokedAt: triggeredBy,
      });
    const from = pullStart;
    pullStart = null;
    const outcome = await pullChanges(db, remote, {
      now,
      clock,
      cycleRecord,
      ...(from === null ? {} : { from }),
      ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
    }).catch(asFailure);
    if (outcome.kind === 'ok') {
      seenCursor = outcome.cursor;
      pullStart = { cursor: outcome.cursor, knownHorizon: outcome.knownHorizon };
      lastFailure = null;
      serverHold = outcome.hold;
      heldBackPulls = pokedRev > outcome.cursor ? heldBackPulls + 1 : 0;
      if (heldBackPulls === 0) clearTimer('held_back');
      else setTimer('held_back', heldBackRetryMs(heldBackPulls), () => dispatch({ type: 'poke' }));
    }
    if (outcome.kind !== 'ok' || !outcome.recorded) await recordCycle('pull', started, outcome, triggeredBy);
    if (outcome.kind === 'ok') dispatch({ type: 'pull_succeeded', hasMore: false });
    else fail(outcome);
  }

  async function runPush(): Promise<void> {
    if (unsentEntries === 0) {
      // Reported after the dispatch that started this step has finished (never re-entrant).
      await Promise.resolve();
      dispatch({ type: 'push_succeeded', moreDue: false });
      return;
    }
    const started = now();
    clientId ??= await clientIdOf(db);
    const pusher = clientId;
    const outcome = await locks
      .request(pushLockName(db.name), {}, async () =>
        pushAll(
          {
            db,
            remote,
            clientId: pusher,
            now,
            newMid: options.newMid ?? (() => crypto.randomUUID()),
            random: config.random,
            backoff: config.backoff,
          },
          options.batchSize,
        ),
      )
      .catch(asFailure);
    await recordCycle('push', started, outcome, null);
    // The push may have passed the cursor over its own writes (settle-push.ts); without a
    // settlement the next pull reads where it starts.
    pullStart = 'pullStart' in outcome ? outcome.pullStart : null;
    seenCursor = Math.max(seenCursor, pullStart?.cursor ?? 0);
    if (outcome.kind === 'ok') {
      await armDueTimer();
      dispatch({ type: 'push_succeeded', moreDue: false });
    } else fail(outcome);
  }

  async function pokesAlreadyPulled(): Promise<boolean> {
    const { cursor } = await readPullState(db);
    seenCursor = cursor;
    return pokedRev <= cursor;
  }

  /** A step that threw outside its own guard (the database closed under it): report, never crash. */
  function stepCrashed(error: unknown): void {
    if (state.phase === 'stopped') return;
    fail(asFailure(error));
  }

  function fail(failure: RemoteFailure): void {
    lastFailure = failure;
    if (failure.kind === 'protocol-error')
      void appendAudit(db, { kind: 'protocol-error', message: describeFailure(failure) }).catch(ignore);
    dispatch({
      type: 'step_failed',
      error: describeFailure(failure),
      unreachable: failure.kind === 'offline',
    });
  }

  /** Entries waiting for their own backoff wake the machine when they become due. */
  async function armDueTimer(): Promise<void> {
    const due = nextDueAt(await db.outbox.toArray(), now());
    if (due === null) clearTimer('due');
    else setTimer('due', Math.max(0, due - now()), () => dispatch({ type: 'outbox_changed' }));
  }

  async function recordCycle(
    kind: 'pull' | 'push',
    started: number,
    outcome: PullOutcome | PushOutcome,
    pokedAt: number | null,
  ): Promise<void> {
    if (outcome.kind === 'ok') lastFailure = null;
    const rows = 'sent' in outcome ? outcome.sent : outcome.rows;
    const conflicts = 'conflicts' in outcome ? outcome.conflicts : 0;
    // An empty push (nothing due) is not a cycle worth a metrics line.
    if (kind === 'push' && rows === 0 && outcome.kind === 'ok') return;
    await db.transaction('rw', [db.outbox, db.metrics], async () => {
      const queueDepth = await db.outbox.where('state').anyOf('pending', 'sending').count();
      await appendMetrics(
        db,
        cycleLine({
          kind,
          started,
          ok: outcome.kind === 'ok',
          rows,
          bytes: outcome.bytes,
          conflicts,
          queueDepth,
          pokedAt,
        }),
      );
    });
  }

  /** The metrics line of a cycle that began at `started` and ends now. */
  function cycleLine(cycle: {
    readonly kind: MetricsRecord['kind'];
    readonly started: number;
    readonly ok: boolean;
    readonly rows: number;
    readonly bytes: number;
    readonly conflicts: number;
    readonly queueDepth: number;
    readonly pokedAt: number | null;
  }): MetricsRecord {
    const ended = now();
    return {
      at: new Date(cycle.started).toISOString(),
      kind: cycle.kind,
      ok: cycle.ok,
      durationMs: ended - cycle.started,
      rows: cycle.rows,
      bytes: cycle.bytes,
      conflicts: cycle.conflicts,
      queueDepth: cycle.queueDepth,
      pokeToAppliedMs: cycle.pokedAt === null || !cycle.ok ? null : ended - cycle.pokedAt,
    };
  }

  async function computeStatus(): Promise<SyncStatus> {
    // The machine's state as of the call: the reads below must not see a later step's phase.
    const machine = state;
    const failure = lastFailure;
    // Counted on the state index, not by reading the outbox: the status is asked for often.
    // One read transaction for all of it: six small transactions cost more than their reads.
    const countState = (value: string): Promise<number> => db.outbox.where('state').equals(value).count();
    const [pull, push, pending, sending, failed, openConflicts] = await db.transaction(
      'r',
      [db.sync_state, db.outbox, db.conflicts],
      () =>
        Promise.all([
          readPullState(db),
          readPushState(db),
          countState('pending'),
          countState('sending'),
          countState('failed'),
          db.conflicts.where('state').equals('open').count(),
        ]),
    );
    return {
      connection: connectionOf(machine, failure),
      phase: machine.phase,
      alert: machine.alert,
      leader: machine.phase !== 'stopped',
      lastPullAt: pull.lastPullAt,
      lastPushAt: push.lastPushAt,
      cursor: pull.cursor,
      pending: pending + sending,
      failed,
      conflicts: openConflicts,
      consecutiveErrors: machine.consecutiveFailures,
      lastError: machine.lastError,
      serverHold,
    };
  }

  /**
   * Status listeners hear at most one status per `statusThrottleMs`, always the latest, and only
   * when it changed: a pull after a poke dispatches several events in a few milliseconds, and
   * each status costs a read transaction here and a message to every tab.
   */
  function publish(): void {
    if (listeners.size === 0 || publishScheduled) return;
    publishScheduled = true;
    setTimeout(() => {
      publishScheduled = false;
      void computeStatus()
        .then((status) => {
          const key = JSON.stringify(status);
          if (key === lastPublished) return;
          lastPublished = key;
          for (const listener of listeners) listener(status);
        })
        .catch(ignore);
    }, statusThrottleMs);
  }

  return {
    async start() {
      if (state.phase !== 'stopped') return;
      cleanups.push(
        remote.onPoke((rev) => {
          pokeAt ??= now();
          if (rev === null) serverPullWanted = true;
          else pokedRev = Math.max(pokedRev, rev);
          dispatch({ type: 'poke' });
        }),
      );
      cleanups.push(
        watchOutbox(
          db,
          () => dispatch({ type: 'outbox_changed' }),
          (count) => (unsentEntries = count),
        ),
      );
      cleanups.push(watchConnectivity((online) => dispatch({ type: online ? 'online' : 'offline' })));
      dispatch({ type: 'start' });
    },
    async stop() {
      dispatch({ type: 'stop' });
      clearTimer('due');
      clearTimer('held_back');
      for (const cleanup of cleanups.splice(0)) cleanup();
      await inFlight;
    },
    dispatch,
    status: computeStatus,
    onStatus(listener) {
      listeners.add(listener);
      void computeStatus().then(listener);
      return () => listeners.delete(listener);
    },
    settled: () => (isBusy() ? new Promise<void>((resolve) => idleWaiters.push(resolve)) : Promise.resolve()),
    isRunning: () => state.phase !== 'stopped',
  };
}

/** Pull triggers that must reach the server whatever the pokes said. */
function asksTheServer(event: SyncEvent): boolean {
  switch (event.type) {
    case 'start':
    case 'online':
    case 'sync_now':
      return true;
    case 'timer_fired':
      return event.timer !== 'push_debounce';
    default:
      return false;
  }
}

// Audit lines are best effort: a closed database must not turn a failed step into a crash.
const ignore = (): void => {};

function connectionOf(state: SyncMachineState, failure: RemoteFailure | null): SyncStatus['connection'] {
  if (state.phase === 'pulling' || state.phase === 'pushing') return 'syncing';
  if (state.phase === 'offline' || failure?.kind === 'offline') return 'offline';
  if (failure !== null || state.phase === 'waiting') return 'error';
  return 'online';
}

/** Thrown errors inside a step (IndexedDB quota, a bug) become a failed step, never a dead loop. */
function asFailure(error: unknown): RemoteFailure & {
  rows: number;
  bytes: number;
  sent: number;
  applied: number;
  conflicts: number;
  rejected: number;
} {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    kind: 'server-error',
    status: 0,
    code: 'local_error',
    message,
    rows: 0,
    bytes: 0,
    sent: 0,
    applied: 0,
    conflicts: 0,
    rejected: 0,
  };
}

/**
 * Any change to what is pending (from this context or another tab) wakes the machine; `unsent`
 * hears how many entries wait to be sent or sit in `sending` (orphans to recover count too).
 */
function watchOutbox(db: ClinicDb, changed: () => void, unsent: (count: number) => void): () => void {
  let previous: string | null = null;
  const subscription = liveQuery(async () => {
    const pending = await db.outbox.where('state').equals('pending').primaryKeys();
    const sending = await db.outbox.where('state').equals('sending').count();
    return { key: `${pending.length}:${pending.at(-1) ?? 0}`, unsent: pending.length + sending };
  }).subscribe({
    next({ key, unsent: count }) {
      unsent(count);
      if (previous !== null && key !== previous) changed();
      previous = key;
    },
    error() {},
  });
  return () => subscription.unsubscribe();
}

function watchConnectivity(changed: (online: boolean) => void): () => void {
  const target = globalThis as {
    addEventListener?: typeof addEventListener;
    removeEventListener?: typeof removeEventListener;
  };
  if (!target.addEventListener || !target.removeEventListener) return () => {};
  const online = (): void => changed(true);
  const offline = (): void => changed(false);
  target.addEventListener('online', online);
  target.addEventListener('offline', offline);
  return () => {
    target.removeEventListener?.('online', online);
    target.removeEventListener?.('offline', offline);
  };
}
