import { openClinicDb, defaultDatabaseName } from './local-db.ts';
import { pushLockName, type LockPort } from './lock-port.ts';
import { pushAll, type PushOutcome } from './push.ts';
import type { SyncRemote } from './remote-port.ts';
import { clientIdOf } from './sync-state.ts';

export interface PushCycleOptions {
  readonly remote: SyncRemote;
  /** `navigator.locks` in the service worker. */
  readonly locks: LockPort;
  readonly databaseName?: string;
}

/**
 * One push of the whole outbox, for the service worker's Background Sync (the page may be gone).
 * The same code as the sync worker's push, under the same push lock, so the two never push at
 * the same time (and if they did, idempotent `mid`s would still apply each mutation once).
 * Failures are returned, not thrown: Background Sync retries later on its own.
 */
export async function runPushCycle(options: PushCycleOptions): Promise<PushOutcome> {
  const databaseName = options.databaseName ?? defaultDatabaseName;
  const db = await openClinicDb(databaseName);
  try {
    const clientId = await clientIdOf(db);
    return await options.locks.request(pushLockName(databaseName), {}, async () =>
      pushAll({
        db,
        remote: options.remote,
        clientId,
        now: Date.now,
        newMid: () => crypto.randomUUID(),
        random: Math.random,
      }),
    );
  } finally {
    db.close();
  }
}
