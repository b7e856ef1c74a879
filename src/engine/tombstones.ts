import { rulesFor } from '../core/entity-rules.ts';
import { isOpen } from '../core/outbox/outbox-entry.ts';
import { syncedTableNames } from '../core/synced-tables.ts';
import type { ClinicDb } from './local-db.ts';
import { appendAudit } from './capped-log.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Frees local space: removes deleted rows older than their entity's tombstone TTL (the server
 * purges them after the same TTL) unless a local edit still waits on them. Returns how many.
 */
export async function cleanupTombstones(
  db: ClinicDb,
  now: number = Date.now(),
): Promise<{ removed: number }> {
  const tables = syncedTableNames.map((name) => db.rows(name));
  return db.transaction('rw', [...tables, db.outbox, db.audit], async () => {
    const waiting = new Set(
      (await db.outbox.toArray()).filter(isOpen).map((entry) => `${entry.table}/${entry.rowId}`),
    );
    let removed = 0;
    for (const table of syncedTableNames) {
      const horizon = now - rulesFor(table).tombstoneTtlDays * DAY_MS;
      removed += await db
        .rows(table)
        .filter((row) => {
          const deletedAt = typeof row.deleted_at === 'string' ? Date.parse(row.deleted_at) : Number.NaN;
          return deletedAt < horizon && !waiting.has(`${table}/${row.id}`);
        })
        .delete();
    }
    await appendAudit(db, {
      kind: 'tombstones',
      message: `${removed} deleted rows past their retention removed locally`,
    });
    return { removed };
  });
}
