import { rulesFor } from '../../core/entity-rules.ts';
import { clinicTable } from '../../core/schema/clinic-tables.ts';
import type { SyncedTableName } from '../../core/synced-tables.ts';

/**
 * Whether a form marks `column` of `table` required: the entity rules' fields an insert must carry
 * and the catalogue's not-null columns (the database's own rule), the same sources the device's
 * check before a save reads, so a mark never promises less or more than a save asks.
 */
export function isRequiredField(table: SyncedTableName, column: string): boolean {
  if (rulesFor(table).requiredFields.includes(column)) return true;
  const found = clinicTable(table).columns.find((c) => c.name === column);
  return found !== undefined && !found.nullable;
}
