import type { ClinicDb } from './local-db.ts';
import type { SyncStateRecord } from './local-records.ts';

export type PullState = Extract<SyncStateRecord, { key: 'pull' }>;
export type PushState = Extract<SyncStateRecord, { key: 'push' }>;

/** What a pull starts from: the stored cursor and the purge horizon the copy is known to be consistent with. */
export type PullStart = { readonly cursor: number; readonly knownHorizon: number | null };

/** The start a stored pull state gives. */
export function pullStartOf(state: PullState): PullStart {
  return { cursor: state.cursor, knownHorizon: state.knownHorizon ?? null };
}

const initialPull: PullState = {
  key: 'pull',
  cursor: 0,
  knownHorizon: null,
  lastPullAt: null,
  serverTimeOffsetMs: 0,
};

export async function readPullState(db: ClinicDb): Promise<PullState> {
  const record = await db.sync_state.get('pull');
  return record?.key === 'pull' ? record : initialPull;
}

export async function writePullState(db: ClinicDb, state: PullState): Promise<void> {
  await db.sync_state.put(state);
}

export async function readPushState(db: ClinicDb): Promise<PushState> {
  const record = await db.sync_state.get('push');
  return record?.key === 'push' ? record : { key: 'push', lastPushAt: null };
}

/**
 * This client's id for `sync_push` (the server records it with every mutation and in
 * `last_editor`). Created once per local database and kept: it names the device, not the session.
 */
export async function clientIdOf(
  db: ClinicDb,
  newId: () => string = () => crypto.randomUUID(),
): Promise<string> {
  return db.transaction('rw', db.sync_state, async () => {
    const record = await db.sync_state.get('client');
    if (record?.key === 'client') return record.clientId;
    const clientId = newId();
    await db.sync_state.put({ key: 'client', clientId });
    return clientId;
  });
}
