import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../server/db/database.ts';
import type { StaffRole } from '../../src/core/schema/clinic-tables.ts';
import { asRole, asUser } from '../support/as-role.ts';
import { testTargets, type TestDatabase } from '../support/test-databases.ts';
import { seeded, seededDatabase, staff } from './support/sync-fixture.ts';

class Rollback extends Error {}

// The clinic-files bucket: private, and its objects follow the same owner rule as `files` rows.
describe.each(testTargets())('clinic-files bucket on $name', (target) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await target.create();
    await seededDatabase(test.db);
  });
  afterAll(() => test.drop());

  /** Whether `role` gets `sql` through RLS (tried in a transaction that is always rolled back). */
  async function allowed(role: StaffRole | 'anon', sql: string, name: string): Promise<boolean> {
    let touched = false;
    const run = async (tx: Queryable) => {
      try {
        touched = (await tx.query(sql, [name])).rowCount > 0;
      } catch (error) {
        if (!/row-level security|permission denied/.test(String(error))) throw error;
      }
      throw new Rollback();
    };
    const attempt = role === 'anon' ? asRole(test.db, 'anon', run) : asUser(test.db, staff[role], run);
    await attempt.catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
    return touched;
  }

  const mayUpload = (role: StaffRole | 'anon', name: string) =>
    allowed(role, `insert into storage.objects (bucket_id, name) values ('clinic-files', $1)`, name);
  const mayRemove = (role: StaffRole, name: string) =>
    allowed(role, 'delete from storage.objects where name = $1', name);

  it('exists and is private', async () => {
    const bucket = await test.db.query('select public from storage.buckets where id = $1', ['clinic-files']);
    expect(bucket.rows).toEqual([{ public: false }]);
  });

  it.each([
    [
      'patients/p1/photo.jpg',
      { admin: true, doctor: true, nurse: true, reception: true, billing: true, anon: false },
    ],
    [
      'encounters/e1/ecg.pdf',
      { admin: true, doctor: true, nurse: true, reception: false, billing: false, anon: false },
    ],
    [
      'invoices/i1/nota.pdf',
      { admin: true, doctor: false, nurse: false, reception: false, billing: true, anon: false },
    ],
  ] as const)('%s', async (name, expected) => {
    const actual: Record<string, boolean> = {};
    for (const role of Object.keys(expected) as (StaffRole | 'anon')[])
      actual[role] = await mayUpload(role, name);
    expect(actual).toEqual(expected);
  });

  it('refuses objects outside an owner table folder', async () => {
    expect(await mayUpload('admin', 'misc/notes.txt')).toBe(false);
  });

  it('only admins remove objects (they are content-addressed and never overwritten)', async () => {
    await test.db.query(
      `insert into storage.objects (bucket_id, name) values ('clinic-files', 'patients/p9/a.pdf')`,
    );
    expect(await mayRemove('admin', 'patients/p9/a.pdf')).toBe(true);
    expect(await mayRemove('reception', 'patients/p9/a.pdf')).toBe(false);
    expect(await mayRemove('doctor', 'patients/p9/a.pdf')).toBe(false);
  });

  it('reading follows the category of the files row that names the object', async () => {
    const object = async (name: string, category: string | null) => {
      await test.db.query(
        `insert into storage.objects (bucket_id, name, owner_id) values ('clinic-files', $1, $2)`,
        [name, staff.reception],
      );
      if (category === null) return;
      await test.db.query(
        `insert into public.files (id, owner_table, owner_id, bucket, path, name, content_type, size, category)
         values (gen_random_uuid(), 'patients', $1, 'clinic-files', $2, 'x.png', 'image/png', 1, $3)`,
        [seeded.patient, name, category],
      );
    };
    const readers = async (name: string) => {
      const who: StaffRole[] = [];
      for (const role of ['admin', 'doctor', 'nurse', 'reception', 'billing'] as const) {
        const seen = await asUser(test.db, staff[role], (tx) =>
          tx.query(`select 1 from storage.objects where name = $1`, [name]),
        );
        if (seen.rows.length === 1) who.push(role);
      }
      return who;
    };
    await object(`patients/${seeded.patient}/raio-x.png`, 'clinical');
    await object(`patients/${seeded.patient}/rg.png`, 'administrative');
    await object(`patients/${seeded.patient}/recibo.png`, 'billing');
    await object(`patients/${seeded.patient}/sem-linha.png`, null);
    expect(await readers(`patients/${seeded.patient}/raio-x.png`)).toEqual(['admin', 'doctor', 'nurse']);
    expect(await readers(`patients/${seeded.patient}/rg.png`)).toEqual([
      'admin',
      'doctor',
      'nurse',
      'reception',
      'billing',
    ]);
    expect(await readers(`patients/${seeded.patient}/recibo.png`)).toEqual(['admin', 'billing']);
    // Before its row arrives, an object is its uploader's (reception here) and the admins'.
    expect(await readers(`patients/${seeded.patient}/sem-linha.png`)).toEqual(['admin', 'reception']);
  });
});
