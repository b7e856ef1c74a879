import type { LockPort } from './lock-port.ts';

/**
 * One syncing worker per browser profile: every worker asks for the same Web Lock and waits; the
 * one holding it leads until it resigns or its context dies, and then the browser grants the lock
 * to the next waiting worker (takeover needs no heartbeat and no timeout).
 *
 *   waiting ──lock granted──► leading ──resign() / context gone──► (lock released, next one leads)
 *      └──────────resign()────────► stopped
 *
 * `lead` runs while the lock is held; its `signal` aborts when `resign()` is called, and the lock
 * is released only after `lead` has returned, so a leader can finish (or abandon) its cycle first.
 */
export interface LeaderElection {
  isLeader(): boolean;
  /** Resolves when this context has become leader (never, if it resigns first). */
  readonly becameLeader: Promise<void>;
  resign(): Promise<void>;
}

export function electLeader(
  locks: LockPort,
  lockName: string,
  lead: (signal: AbortSignal) => Promise<void>,
): LeaderElection {
  const abort = new AbortController();
  let leading = false;
  let announce: () => void = () => {};
  const becameLeader = new Promise<void>((resolve) => {
    announce = resolve;
  });
  const resigned = new Promise<void>((resolve) =>
    abort.signal.addEventListener('abort', () => resolve(), { once: true }),
  );

  const held = locks
    .request(lockName, { signal: abort.signal }, async () => {
      leading = true;
      announce();
      try {
        await Promise.all([lead(abort.signal), resigned]);
      } finally {
        leading = false;
      }
    })
    // Aborting a request that is still waiting rejects it: that is a normal resignation.
    .catch((error: unknown) => {
      if (!abort.signal.aborted) throw error;
    });

  return {
    isLeader: () => leading,
    becameLeader,
    async resign() {
      abort.abort();
      await held;
    },
  };
}
