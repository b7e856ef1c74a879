import { isOpen } from '../core/outbox/outbox-entry.ts';
import { serverHoldOf } from '../core/server-hold.ts';
import { syncedTableNames, type SyncedTableName } from '../core/synced-tables.ts';
import type { ClinicDb } from './local-db.ts';
import { dropSyncedCopy, knownHorizonAfter, putRebased, type PullOutcome, pullChanges } from './pull.ts';
import type { SyncRemote } from './remote-port.ts';
import { readPullState, writePullState } from './sync-state.ts';
import { appendAudit } from './capped-log.ts';

/**
 * Starts the local copy over: every synced row is dropped (except rows with open local edits),
 * the cursor goes back to 0 and everything is pulled again. The outbox is kept whole.
 */
export async function forceFullResync(
  db: ClinicDb,
  remote: SyncRemote,
  pageSize?: number,
): Promise<PullOutcome> {
  const tables = syncedTableNames.map((name) => db.rows(name));
  await db.transaction('rw', [...tables, db.outbox, db.sync_state, db.audit], async () => {
    const open = (await db.outbox.toArray()).filter(isOpen);
    await dropSyncedCopy(db, open);
    await writePullState(db, { ...(await readPullState(db)), cursor: 0, knownHorizon: null });
    await appendAudit(db, {
      kind: 'full-resync',
      message: 'local copy dropped; pulling everything again (outbox kept)',
    });
  });
  return pullChanges(db, remote, pageSize === undefined ? {} : { pageSize });
}

/**
 * Re-reads some tables from the server without moving the main cursor: their rows are dropped
 * (except rows with open local edits), then every change from rev 0 is pulled again and only
 * theirs are kept. The rows come back as the server has them now, so the local copy of those
 * tables is exact up to at least the main cursor.
 */
export async function repullTables(
  db: ClinicDb,
  remote: SyncRemote,
  tables: readonly SyncedTableName[],
  pageSize = 1000,
): Promise<PullOutcome> {
  const wanted = new Set<string>(tables);
  await db.transaction('rw', [...tables.map((name) => db.rows(name)), db.outbox], async () => {
    await dropSyncedCopy(db, (await db.outbox.toArray()).filter(isOpen), tables);
  });
  let since = 0;
  let knownHorizon: number | null = null;
  let rows = 0;
  let bytes = 0;
  let pages = 0;
  for (;;) {
    const answer = await remote.pull(since, pageSize, knownHorizon);
    if (answer.kind !== 'ok') return { ...answer, rows, bytes };
    const page = answer.value;
    const changes = page.changes.filter((change) => wanted.has(change.table));
    await db.transaction('rw', [...tables.map((name) => db.rows(name)), db.outbox], async () => {
      const open = (await db.outbox.toArray()).filter(isOpen);
      // A purge during the re-read: the rows put so far may hold purged tombstones; start over.
      if (page.reset) await dropSyncedCopy(db, open, tables);
      await putRebased(db, changes, open);
    });
    knownHorizon = knownHorizonAfter(page, knownHorizon);
    rows += changes.length;
    bytes += answer.bytes;
    pages += 1;
    since = page.cursor;
    if (!page.has_more)
      return {
        kind: 'ok',
        rows,
        bytes,
        pages,
        cursor: page.cursor,
        knownHorizon,
        reset: false,
        recorded: false,
        hold: serverHoldOf(page),
      };
  }
}
