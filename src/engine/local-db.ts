import { Dexie, type Table } from 'dexie';
import type { OutboxEntry } from '../core/outbox/outbox-entry.ts';
import type { SyncedTableName } from '../core/synced-tables.ts';
import { localDbVersions } from './local-db-versions.ts';
import { runDataMigrations } from './data-migrations.ts';
import type {
  AuditRecord,
  LocalRow,
  MetricsRecord,
  MigrationRecord,
  StoredConflict,
  SyncStateRecord,
} from './local-records.ts';

export const defaultDatabaseName = 'clinica';
export { localDbVersions, type LocalDbVersion } from './local-db-versions.ts';

/**
 * The browser's copy of the clinic: one store per synced table (rows as the UI shows them: the
 * server's row with pending local edits on top), the outbox, conflicts, sync state, audit and
 * metrics (both capped), and the record of data migrations.
 */
export class ClinicDb extends Dexie {
  declare outbox: Table<OutboxEntry, number>;
  declare conflicts: Table<StoredConflict, string>;
  declare sync_state: Table<SyncStateRecord, string>;
  declare audit: Table<AuditRecord, number>;
  declare metrics: Table<MetricsRecord, number>;
  declare migrations: Table<MigrationRecord, string>;

  constructor(name: string = defaultDatabaseName) {
    super(name);
    for (const { version, stores, upgrade } of localDbVersions) {
      const declared = this.version(version).stores(stores);
      if (upgrade) declared.upgrade(upgrade);
    }
  }

  rows(table: SyncedTableName): Table<LocalRow, string> {
    return this.table(table);
  }
}

/** Opens (creating or upgrading) the local database and runs pending data migrations. */
export async function openClinicDb(name: string = defaultDatabaseName): Promise<ClinicDb> {
  const db = new ClinicDb(name);
  await db.open();
  await runDataMigrations(db);
  return db;
}
