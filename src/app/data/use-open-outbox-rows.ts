import type { SyncedTableName } from '../../core/synced-tables.ts';
import { useClinicDb } from './clinic-data-context.tsx';
import { useLiveQuery } from './use-live-query.ts';

export type RowSyncMark = 'pending' | 'conflict' | 'failed';

/**
 * Rows of `table` with an outbox entry the server has not confirmed, and the most urgent state
 * among them (conflict and failed need a person; pending will go by itself).
 */
export function useOpenOutboxRows(table: SyncedTableName): ReadonlyMap<string, RowSyncMark> {
  const db = useClinicDb();
  const result = useLiveQuery(async () => {
    const entries = await db.outbox
      .where('state')
      .anyOf('pending', 'sending', 'conflict', 'failed')
      .toArray();
    const marks = new Map<string, RowSyncMark>();
    for (const entry of entries) {
      if (entry.table !== table) continue;
      const mark: RowSyncMark =
        entry.state === 'conflict' ? 'conflict' : entry.state === 'failed' ? 'failed' : 'pending';
      const previous = marks.get(entry.rowId);
      if (!previous || previous === 'pending') marks.set(entry.rowId, mark);
    }
    return marks;
  }, [db, table]);
  return result.kind === 'ready' ? result.value : new Map();
}
