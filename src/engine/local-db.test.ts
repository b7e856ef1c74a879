import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { clinicTables } from '../core/schema/clinic-tables.ts';
import { syncedTableNames } from '../core/synced-tables.ts';
import { localDbVersions, openClinicDb } from './local-db.ts';
import { storeDefinitions, syncedStoreIndexes } from './local-db-stores.ts';
import { Dexie } from 'dexie';
import {
  dataMigrationIdPattern,
  dataMigrations,
  runDataMigrations,
  type DataMigration,
} from './data-migrations.ts';

describe('local database', () => {
  it('declares the current indexes as its last schema version (a change needs a new version)', () => {
    expect(localDbVersions.at(-1)?.stores).toEqual(storeDefinitions());
    expect(localDbVersions.map((v) => v.version)).toEqual(localDbVersions.map((_, i) => i + 1));
  });

  it('has a store per synced table and the engine stores', async () => {
    const db = await openClinicDb(`local-db-${crypto.randomUUID()}`);
    const names = db.tables.map((table) => table.name).sort();
    expect(names).toEqual(
      [...syncedTableNames, 'audit', 'conflicts', 'metrics', 'migrations', 'outbox', 'sync_state'].sort(),
    );
    db.close();
    await db.delete();
  });

  it('indexes only columns the catalogue has (or local search keys)', () => {
    for (const table of clinicTables) {
      const columns = new Set(table.columns.map((column) => column.name));
      const indexed = syncedStoreIndexes[table.name].flatMap((index) =>
        index.replace(/[[\]]/g, '').split('+'),
      );
      for (const column of indexed) {
        if (!column.startsWith('_')) expect(columns, `${table.name}.${column}`).toContain(column);
      }
    }
  });

  it("finds a record's files by the catalogue's owner columns", async () => {
    const db = await openClinicDb(`local-db-${crypto.randomUUID()}`);
    const files = db.rows('files');
    expect(files.schema.idxByName['[owner_table+owner_id]']).toBeDefined();
    expect(files.schema.idxByName['patient_id']).toBeUndefined();
    const owner = '00000000-0000-4000-8000-0000000000a1';
    await files.bulkPut([
      { id: '00000000-0000-4000-8000-0000000000f1', rev: 1, owner_table: 'patients', owner_id: owner },
      { id: '00000000-0000-4000-8000-0000000000f2', rev: 1, owner_table: 'encounters', owner_id: owner },
      { id: '00000000-0000-4000-8000-0000000000f3', rev: 1, owner_table: 'patients', owner_id: 'other' },
    ]);
    expect(await files.where('[owner_table+owner_id]').equals(['patients', owner]).primaryKeys()).toEqual([
      '00000000-0000-4000-8000-0000000000f1',
    ]);
    db.close();
    await db.delete();
  });

  it('runs each data migration once and records it', async () => {
    const name = `local-db-${crypto.randomUUID()}`;
    const db = await openClinicDb(name);
    expect((await db.migrations.toArray()).map((record) => record.id)).toEqual(
      dataMigrations.map((migration) => migration.id),
    );
    let runs = 0;
    const counting: DataMigration = {
      id: '2099-01-01-001-count-runs',
      description: 'counts',
      stores: [],
      run: async () => void runs++,
    };
    expect(await runDataMigrations(db, [counting])).toEqual([counting.id]);
    expect(await runDataMigrations(db, [counting])).toEqual([]);
    expect(runs).toBe(1);
    db.close();
    await db.delete();
  });

  it('the first open of a database whose patients carry search keys removes them, and nothing else', async () => {
    const name = `local-db-${crypto.randomUUID()}`;
    const older = new Dexie(name);
    older.version(1).stores(localDbVersions[0]?.stores ?? {});
    await older.open();
    const patient = {
      id: '00000000-0000-4000-8000-000000000007',
      rev: 4,
      deleted_at: null,
      full_name: 'Conceição Araújo',
      document_id: '123.456.789-09',
      phone: '+55 11 98765-4321',
    };
    await older.table('patients').put({
      ...patient,
      _name_key: 'conceicao araujo',
      _document_key: '12345678909',
      _phone_key: '5511987654321',
    });
    older.close();
    const db = await openClinicDb(name);
    expect(await db.rows('patients').get(patient.id)).toEqual(patient);
    expect((await db.migrations.toArray()).map((migration) => migration.id)).toContain(
      '2026-12-01-001-drop-patient-search-keys',
    );
    db.close();
    await db.delete();
  });

  it('opens a version 1 database as the current version: rows and outbox kept, unread indexes gone', async () => {
    const name = `local-db-${crypto.randomUUID()}`;
    const older = new Dexie(name);
    older.version(1).stores(localDbVersions[0]?.stores ?? {});
    await older.open();
    await older
      .table('patients')
      .put({ id: '00000000-0000-4000-8000-000000000008', rev: 3, full_name: 'Ana' });
    await older
      .table('outbox')
      .add({ mid: '00000000-0000-4000-8000-0000000000aa', table: 'patients', rowId: 'x', state: 'pending' });
    older.close();
    const db = await openClinicDb(name);
    expect(db.verno).toBe(localDbVersions.at(-1)?.version);
    expect(await db.rows('patients').get('00000000-0000-4000-8000-000000000008')).toMatchObject({ rev: 3 });
    expect(await db.outbox.where('state').equals('pending').count()).toBe(1);
    expect(db.rows('patients').schema.indexes).toEqual([]);
    expect(db.rows('appointments').schema.idxByName['rev']).toBeUndefined();
    expect(db.rows('appointments').schema.idxByName['[professional_id+starts_at]']).toBeDefined();
    db.close();
    await db.delete();
  });

  it('opens a version 2 database as version 3: the clinical summary stores added, nothing else touched', async () => {
    const name = `local-db-${crypto.randomUUID()}`;
    const older = new Dexie(name);
    older.version(2).stores(localDbVersions[1]?.stores ?? {});
    await older.open();
    await older
      .table('encounters')
      .put({ id: '00000000-0000-4000-8000-000000000009', rev: 4, patient_id: 'p' });
    await older
      .table('outbox')
      .add({ mid: '00000000-0000-4000-8000-0000000000ab', table: 'encounters', rowId: 'y', state: 'failed' });
    older.close();
    const db = await openClinicDb(name);
    expect(await db.rows('encounters').get('00000000-0000-4000-8000-000000000009')).toMatchObject({ rev: 4 });
    expect(await db.outbox.where('state').equals('failed').count()).toBe(1);
    expect(db.rows('allergies').schema.idxByName['patient_id']).toBeDefined();
    expect(db.rows('encounter_addenda').schema.idxByName['encounter_id']).toBeDefined();
    db.close();
    await db.delete();
  });

  it('refuses a data migration whose id is not YYYY-MM-DD-NNN-description', async () => {
    const db = await openClinicDb(`local-db-${crypto.randomUUID()}`);
    const bad: DataMigration = { id: 'fix-things', description: 'bad id', stores: [], run: async () => {} };
    await expect(runDataMigrations(db, [bad])).rejects.toThrow(/invalid_migration_id/);
    expect(await db.migrations.get('fix-things')).toBeUndefined();
    for (const migration of dataMigrations) expect(migration.id).toMatch(dataMigrationIdPattern);
    db.close();
    await db.delete();
  });

  it('a failing migration leaves no trace and is retried next time', async () => {
    const db = await openClinicDb(`local-db-${crypto.randomUUID()}`);
    const failing: DataMigration = {
      id: '2099-01-01-002-fails',
      description: 'fails half way',
      stores: ['patients'],
      async run(target) {
        await target
          .rows('patients')
          .put({ id: '00000000-0000-4000-8000-000000000009', rev: 1, full_name: 'X' });
        throw new Error('boom');
      },
    };
    await expect(runDataMigrations(db, [failing])).rejects.toThrow('boom');
    expect(await db.rows('patients').count()).toBe(0);
    expect(await db.migrations.get(failing.id)).toBeUndefined();
    db.close();
    await db.delete();
  });
});
