import type { ClinicDb } from './local-db.ts';
import { withSearchKeys } from './search-keys.ts';

/**
 * One-off fixes of local data, each identified by `YYYY-MM-DD-NNN-description`, run once in id
 * order and recorded in the `migrations` store in the same transaction as its changes, so a crash
 * leaves it either done and recorded or not done at all. Never edit or reorder a released one:
 * add a new id.
 */
export interface DataMigration {
  readonly id: string;
  readonly description: string;
  readonly stores: readonly string[];
  run(db: ClinicDb): Promise<void>;
}

export const dataMigrationIdPattern = /^\d{4}-\d{2}-\d{2}-\d{3}-[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const dataMigrations: readonly DataMigration[] = [
  {
    id: '2026-11-22-001-patient-search-keys',
    description: 'Compute the accent-free name, document and phone search keys of patients already stored',
    stores: ['patients'],
    async run(db) {
      const patients = db.rows('patients');
      await patients.toCollection().modify((row, ref) => {
        ref.value = withSearchKeys('patients', row);
      });
    },
  },
  {
    id: '2026-12-01-001-drop-patient-search-keys',
    description:
      'Remove the search keys from stored patients: their store has no index to serve, the patient search builds its own',
    stores: ['patients'],
    async run(db) {
      const patients = db.rows('patients');
      await patients.toCollection().modify((row) => {
        for (const column of ['_name_key', '_document_key', '_phone_key']) delete row[column];
      });
    },
  },
];

/** Runs every migration of `list` not yet recorded; returns the ids it ran. */
export async function runDataMigrations(
  db: ClinicDb,
  list: readonly DataMigration[] = dataMigrations,
): Promise<string[]> {
  const invalid = list.find((migration) => !dataMigrationIdPattern.test(migration.id));
  if (invalid)
    throw new Error(
      `invalid_migration_id: data migration id "${invalid.id}" is not YYYY-MM-DD-NNN-description`,
    );
  const ran: string[] = [];
  for (const migration of [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const done = await db.transaction(
      'rw',
      [db.migrations, ...migration.stores.map((name) => db.table(name))],
      async () => {
        if (await db.migrations.get(migration.id)) return false;
        await migration.run(db);
        await db.migrations.add({
          id: migration.id,
          description: migration.description,
          executedAt: new Date().toISOString(),
        });
        return true;
      },
    );
    if (done) ran.push(migration.id);
  }
  return ran;
}
