import { isSyncedTableName } from '../../../core/synced-tables.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { recordLabel } from '../../data/record-label.ts';

/** The referenced row's name instead of its uuid. */
export function ReferenceLabel({ table, id }: { table: string; id: string }) {
  const db = useClinicDb();
  const row = useLiveQuery(
    async () => (isSyncedTableName(table) ? ((await db.rows(table).get(id)) ?? null) : null),
    [db, table, id],
  );
  if (row.kind !== 'ready' || !row.value) return <span className="muted">{id.slice(0, 8)}</span>;
  return <>{recordLabel(row.value)}</>;
}
