/**
 * The slice of the Web Locks API the engine uses (`navigator.locks` in browsers and workers).
 *
 * Guarantees an implementation must keep: locks are exclusive per name across every context that
 * shares the implementation (every tab, worker and the service worker of a browser profile); a
 * lock is held until the callback's promise settles and is released when the holder goes away
 * (tab closed, worker terminated); waiting requests are granted in request order; with
 * `ifAvailable` the callback runs at once with `null` when the lock is held; an aborted `signal`
 * rejects a request that is still waiting.
 */
export interface LockPort {
  request<T>(
    name: string,
    options: { ifAvailable?: boolean; signal?: AbortSignal },
    callback: (lock: object | null) => Promise<T> | T,
  ): Promise<T>;
}

/** Lock names are per local database, so two profiles (two databases) sync independently. */
export const leaderLockName = (databaseName: string): string => `clinic-sync-leader:${databaseName}`;
export const pushLockName = (databaseName: string): string => `clinic-sync-push:${databaseName}`;
