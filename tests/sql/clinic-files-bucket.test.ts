import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '../../src/core/schema/clinic-tables.ts';
import { asRole, asUser } from '../support/as-role.ts';
import { testTargets, type TestDatabase } from '../support/test-databases.ts';
import { seededDatabase, staff } from './support/sync-fixture.ts';

class Rollback extends Error {}

// The clinic-files bucket: private, and its objects follow the same owner rule as `files` rows.
describe.each(testTargets())('clinic-files bucket on $name', (target) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await target.create();
    await seededDatabase(test.db);
  });
  afterAll(() => test.drop());

  /** Whether `role` may upload `name` (tried in a transaction that is rolled back). */
  async function mayUpload(role: StaffRole | 'anon', name: string): Promise<boolean> {
    let allowed = false;
    const run = async (tx: Parameters<Parameters<typeof asUser>[2]>[0]) => {
      try {
        await tx.query(`insert into storage.objects (bucket_id, name) values ('clinic-files', $1)`, [name]);
        allowed = true;
      } catch (error) {
        if (!/row-level security|permission denied/.test(String(error))) throw error;
      }
      throw new Rollback();
    };
    const attempt = role === 'anon' ? asRole(test.db, 'anon', run) : asUser(test.db, staff[role], run);
    await attempt.catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
    return allowed;
  }

  it('exists and is private', async () => {
    const bucket = await test.db.query('select public from storage.buckets where id = $1', ['clinic-files']);
    expect(bucket.rows).toEqual([{ public: false }]);
  });

  it.each([
    ['patients/p1/photo.jpg', { admin: true, doctor: true, nurse: true, reception: true, billing: true, anon: false }],
    ['encounters/e1/ecg.pdf', { admin: true, doctor: true, nurse: true, reception: false, billing: false, anon: false }],
    ['invoices/i1/nota.pdf', { admin: true, doctor: false, nurse: false, reception: false, billing: true, anon: false }],
  ] as const)('%s', async (name, expected) => {
    const actual: Record<string, boolean> = {};
    for (const role of Object.keys(expected) as (StaffRole | 'anon')[]) actual[role] = await mayUpload(role, name);
    expect(actual).toEqual(expected);
  });

  it('reading follows the same rule', async () => {
    await test.db.query(`insert into storage.objects (bucket_id, name) values ('clinic-files', 'studies/s1/raio-x.png')`);
    const sees = async (role: StaffRole) =>
      (await asUser(test.db, staff[role], (tx) => tx.query(`select 1 from storage.objects where name = 'studies/s1/raio-x.png'`))).rows.length;
    expect(await sees('doctor')).toBe(1);
    expect(await sees('reception')).toBe(0);
  });
});
