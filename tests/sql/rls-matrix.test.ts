import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../server/db/database.ts';
import {
  clinicTables,
  staffRoles,
  type ClinicTable,
  type StaffRole,
} from '../../src/core/schema/clinic-tables.ts';
import { asRole, asUser } from '../support/as-role.ts';
import { testTargets, type TestDatabase } from '../support/test-databases.ts';
import { pullAll, seeded, seededDatabase, staff } from './support/sync-fixture.ts';
import { insertRow, sampleRow } from './support/sample-rows.ts';

type Who = StaffRole | 'anon' | 'service_role';
type Outcome = 'allowed' | 'denied';
const everyone: readonly Who[] = ['anon', ...staffRoles, 'service_role'];

class Rollback extends Error {}

// The RLS matrix: anon, each staff role and the service role × each table × read / create /
// update / delete, asserted against the catalogue's role lists (which the policies implement),
// and the same through sync_pull.
describe.each(testTargets())('RLS matrix on $name', (target) => {
  let test: TestDatabase;
  const samples: Record<string, string> = {};

  beforeAll(async () => {
    test = await target.create();
    await seededDatabase(test.db);
    for (const table of clinicTables) {
      const row = sampleRow(table, samples);
      await insertRow(test.db, table.name, row);
      samples[table.name] = row['id'] as string;
    }
  });
  afterAll(() => test.drop());

  /** Runs `fn` as `who` in a transaction that is always rolled back; maps permission errors to denied. */
  async function attempt(who: Who, fn: (tx: Queryable) => Promise<Outcome>): Promise<Outcome> {
    let outcome: Outcome = 'denied';
    const run = async (tx: Queryable) => {
      try {
        outcome = await fn(tx);
      } catch (error) {
        if (!/permission denied|row-level security/.test(String(error))) throw error;
        outcome = 'denied';
      }
      throw new Rollback();
    };
    const done =
      who === 'anon' || who === 'service_role' ? asRole(test.db, who, run) : asUser(test.db, staff[who], run);
    await done.catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
    return outcome;
  }

  function expected(table: ClinicTable, who: Who, rights: 'read' | 'create' | 'write'): Outcome {
    if (who === 'service_role') return 'allowed';
    if (who === 'anon') return 'denied';
    return table[rights].includes(who) ? 'allowed' : 'denied';
  }

  const cases = clinicTables.flatMap((table) => everyone.map((who) => [table.name, who, table] as const));

  it.each(cases)('%s as %s: read, create, update, delete', async (name, who, table) => {
    const read = await attempt(who, async (tx) => {
      const result = await tx.query('select id from public.' + name + ' where id = $1', [samples[name]]);
      return result.rows.length === 1 ? 'allowed' : 'denied';
    });
    const create = await attempt(who, async (tx) => {
      await insertRow(tx, name, sampleRow(table, samples));
      return 'allowed';
    });
    const update = await attempt(who, async (tx) => {
      const result = await tx.query(`update public.${name} set id = id where id = $1`, [samples[name]]);
      return result.rowCount === 1 ? 'allowed' : 'denied';
    });
    const remove = await attempt(who, async (tx) => {
      await tx.query(`delete from public.${name} where id = $1`, [samples[name]]);
      // The soft-delete trigger reports 0 rows either way: look at the row as the table owner.
      await tx.exec('reset role');
      const result = await tx.query(`select deleted_at from public.${name} where id = $1`, [samples[name]]);
      return (result.rows[0] as { deleted_at: string | null } | undefined)?.deleted_at ? 'allowed' : 'denied';
    });
    expect({ read, create, update, remove }).toEqual({
      read: expected(table, who, 'read'),
      create: expected(table, who, 'create'),
      update: expected(table, who, 'write'),
      remove: expected(table, who, 'write'),
    });
  });

  it.each(staffRoles)('sync_pull as %s carries exactly the tables the role may read', async (role) => {
    const changes = await pullAll(test.db, role, 0, 5000);
    const tables = [...new Set(changes.map((c) => c.table))].sort();
    const readable = clinicTables
      .filter((t) => t.read.includes(role))
      .map((t) => t.name)
      .sort();
    expect(tables).toEqual(readable);
  });

  it('a pull does not even scan the tables the role may not read', async () => {
    const statement =
      (await test.db.query<{ s: string }>('select sync.pull_statement() as s')).rows[0]?.s ?? '';
    const plan = await asUser(test.db, staff.reception, (tx) =>
      tx.query<Record<string, string>>(
        `explain (analyze, costs off, timing off) ${statement.replaceAll('$1', '0').replaceAll('$2', '1000').replaceAll('$3', 'null')}`,
      ),
    );
    const lines = plan.rows.map((row) => Object.values(row)[0] ?? '');
    const scans = (table: string) => lines.filter((line) => new RegExp(`Scan .*on ${table} `).test(line));
    expect(scans('encounters').length).toBeGreaterThan(0);
    for (const line of scans('encounters')) expect(line).toMatch(/never executed/);
    for (const line of scans('patients')) expect(line).not.toMatch(/never executed/);
  });

  it("a receptionist's pull never carries clinical data: encounters and their parts, allergies, medications", async () => {
    const changes = await pullAll(test.db, 'reception', 0, 5000);
    const clinical = [
      'encounters',
      'prescriptions',
      'prescription_items',
      'referrals',
      'studies',
      'study_files',
      'record_versions',
      'allergies',
      'patient_medications',
      'encounter_diagnoses',
      'encounter_addenda',
      'certificates',
    ];
    expect(changes.filter((c) => clinical.includes(c.table))).toEqual([]);
  });

  it('anon may not even call the sync RPCs', async () => {
    for (const call of [
      `select sync_pull(0, 10)`,
      `select sync_push('x', '[]'::jsonb)`,
      `select sync_digest('patients')`,
    ]) {
      await expect(asRole(test.db, 'anon', (tx) => tx.query(call))).rejects.toThrow(/permission denied/);
    }
  });

  it('a signed-in user without a live profile sees nothing', async () => {
    const stranger = '99999999-0000-4000-8000-000000000000';
    const changes = await asUser(test.db, stranger, (tx) =>
      tx.query<{ a: { changes: unknown[] } }>('select sync_pull(0, 100) as a'),
    );
    expect(changes.rows[0]?.a.changes).toEqual([]);
  });

  it('files follow their category: clinical, administrative and billing files, each for its roles', async () => {
    const sample = sampleRow(clinicTables.find((t) => t.name === 'files') as ClinicTable, samples);
    const fileOf = async (category: string, ownerTable = 'patients', ownerId = seeded.patient) => {
      const file = { ...sample, id: randomUUID(), owner_table: ownerTable, owner_id: ownerId, category };
      await insertRow(test.db, 'files', file);
      return file['id'] as string;
    };
    const readers = async (id: string) => {
      const who: StaffRole[] = [];
      for (const role of staffRoles) {
        const seen = await asUser(test.db, staff[role], (tx) =>
          tx.query('select 1 from files where id = $1', [id]),
        );
        if (seen.rows.length === 1) who.push(role);
      }
      return who;
    };
    expect(await readers(await fileOf('clinical'))).toEqual(['admin', 'doctor', 'nurse']);
    expect(await readers(await fileOf('administrative'))).toEqual([...staffRoles]);
    expect(await readers(await fileOf('billing'))).toEqual(['admin', 'billing']);
    expect(await readers(await fileOf('clinical', 'encounters', seeded.encounter))).toEqual([
      'admin',
      'doctor',
      'nurse',
    ]);
    // A clinical record's file cannot be made administrative (which would show it to reception).
    await expect(fileOf('administrative', 'encounters', seeded.encounter)).rejects.toThrow(
      /files_category_fits_owner/,
    );
    // A row written without a category gets the owner's most private one.
    const unnamed: Record<string, unknown> = {
      ...sample,
      id: randomUUID(),
      owner_table: 'patients',
      owner_id: seeded.patient,
    };
    delete unnamed['category'];
    await insertRow(test.db, 'files', unnamed);
    const stored = await test.db.query<{ category: string }>('select category from files where id = $1', [
      unnamed['id'],
    ]);
    expect(stored.rows[0]?.category).toBe('clinical');
  });
});
