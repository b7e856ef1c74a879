import {
  isClinicTableName,
  syncedTableNames as catalogueTableNames,
  type ClinicTableName,
} from './schema/clinic-tables.ts';

/**
 * The synced tables, parents first, as the table catalogue (`schema/clinic-tables.ts`, kept equal
 * to the database by a SQL test) lists them. The core names them through these aliases so the
 * protocol and the rules read in sync terms.
 */
export type SyncedTableName = ClinicTableName;

export const syncedTableNames: readonly SyncedTableName[] = catalogueTableNames;

export function isSyncedTableName(name: string): name is SyncedTableName {
  return isClinicTableName(name);
}
