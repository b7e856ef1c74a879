import type { Queryable } from '../db/database.ts';

/**
 * `realtime.send` keeps every message it broadcasts in `realtime.messages` (the poke of every
 * synced transaction among them). A message is needed only for the moment it is delivered; on
 * Supabase the table is partitioned by day and Realtime drops old partitions. The local server
 * deletes messages older than this instead, so a clinic's server does not grow one row a write
 * for ever.
 */
export const REALTIME_MESSAGE_RETENTION_HOURS = 72;
/** How often the old messages are cleared. */
export const REALTIME_MESSAGE_PRUNE_MS = 60 * 60 * 1000;
/**
 * Rows per delete. Each delete is its own short transaction: a transaction that holds a
 * transaction id holds every later commit back from pulls while it lasts (DESIGN §3.1).
 */
const PRUNE_BATCH = 5_000;

/** Deletes messages older than the retention, in short batches; resolves with how many. */
export async function pruneRealtimeMessages(
  db: Queryable,
  retentionHours = REALTIME_MESSAGE_RETENTION_HOURS,
): Promise<number> {
  let deleted = 0;
  for (;;) {
    const { rowCount } = await db.query(
      `delete from realtime.messages
        where id in (select id from realtime.messages
                      where inserted_at < now()::timestamp - make_interval(hours => $1)
                      limit $2)`,
      [retentionHours, PRUNE_BATCH],
    );
    deleted += rowCount;
    if (rowCount < PRUNE_BATCH) return deleted;
  }
}
