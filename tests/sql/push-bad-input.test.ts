import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser } from '../support/as-role.ts';
import { testTargets, type TestDatabase } from '../support/test-databases.ts';
import {
  currentRev,
  issuedBound,
  fingerprint,
  mutation,
  newPatient,
  pushAs,
  rowOf,
  seeded,
  seededDatabase,
  staff,
  type MutationResult,
} from './support/sync-fixture.ts';

// Bad input to sync_push: every rejection gets its code and a reason, and changes nothing else.
describe.each(testTargets())('sync_push bad input on $name', (target) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await target.create();
    await seededDatabase(test.db);
  });
  afterAll(() => test.drop());

  /** Pushes one mutation and proves it was rejected with `code` and that no table changed. */
  async function expectRejected(
    m: unknown,
    code: string,
    message?: RegExp,
    role: keyof typeof staff = 'admin',
  ): Promise<MutationResult> {
    const before = await fingerprint(test.db);
    const [result] = await pushAs(test.db, role, [m]);
    expect(result, JSON.stringify(result)).toMatchObject({ status: 'rejected', code, replayed: false });
    if (message) expect(result?.message).toMatch(message);
    // Every row of every table keeps its rev (a failed write may leave a gap in the revs issued).
    expect(await fingerprint(test.db)).toEqual(before);
    return result as MutationResult;
  }

  const patientRow = () => rowOf(test.db, 'patients', seeded.patient);

  it('unknown_table', async () => {
    await expectRejected(
      mutation({ table: 'pacientes', op: 'insert', id: randomUUID(), data: {} }),
      'unknown_table',
      /pacientes/,
    );
  });

  it('unknown_table for tables that exist but are not synced', async () => {
    await expectRejected(
      mutation({ table: 'auth.users', op: 'insert', id: randomUUID(), data: {} }),
      'unknown_table',
    );
    await expectRejected(
      mutation({ table: 'mutations', op: 'insert', id: randomUUID(), data: {} }),
      'unknown_table',
    );
  });

  it('unknown_column', async () => {
    const row = await patientRow();
    await expectRejected(
      mutation({
        table: 'patients',
        op: 'update',
        id: seeded.patient,
        base_rev: row?.rev ?? 0,
        data: { shoe_size: 42 },
      }),
      'unknown_column',
      /shoe_size/,
    );
  });

  it('table and column names that look like SQL injection are only ever data', async () => {
    await expectRejected(
      mutation({ table: 'patients"; drop table patients; --', op: 'insert', id: randomUUID(), data: {} }),
      'unknown_table',
    );
    await expectRejected(
      mutation({ table: "patients' or '1'='1", op: 'insert', id: randomUUID(), data: {} }),
      'unknown_table',
    );
    const row = await patientRow();
    await expectRejected(
      mutation({
        table: 'patients',
        op: 'update',
        id: seeded.patient,
        base_rev: row?.rev ?? 0,
        data: { "full_name\" = 'x' --": 'y' },
      }),
      'unknown_column',
    );
    await expectRejected(
      mutation({
        table: 'patients',
        op: 'update',
        id: seeded.patient,
        base_rev: row?.rev ?? 0,
        data: { 'notes = null; delete from patients; --': 1 },
      }),
      'unknown_column',
    );
    const count = await test.db.query<{ n: number }>(
      'select count(*)::int as n from patients where deleted_at is null',
    );
    expect(count.rows[0]?.n).toBeGreaterThanOrEqual(200);
  });

  describe('invalid_data carries the database reason', () => {
    it('a value of the wrong type', async () => {
      await expectRejected(
        mutation({
          table: 'patients',
          op: 'insert',
          id: randomUUID(),
          data: newPatient({ birth_date: 'ontem' }),
        }),
        'invalid_data',
        /date/,
      );
    });

    it('a value outside a check', async () => {
      await expectRejected(
        mutation({
          table: 'patients',
          op: 'insert',
          id: randomUUID(),
          data: newPatient({ document_type: 'SSN' }),
        }),
        'invalid_data',
        /check constraint/,
      );
    });

    it('appointment ending before it starts', async () => {
      await expectRejected(
        mutation({
          table: 'appointments',
          op: 'insert',
          id: randomUUID(),
          data: {
            patient_id: seeded.patient,
            professional_id: staff.doctor,
            branch_id: seeded.branch,
            starts_at: '2026-11-23T10:00:00Z',
            ends_at: '2026-11-23T09:00:00Z',
            status: 'scheduled',
          },
        }),
        'invalid_data',
        /appointments_check_1/,
      );
    });

    it('a negative payment', async () => {
      await expectRejected(
        mutation({
          table: 'payments',
          op: 'insert',
          id: randomUUID(),
          data: {
            branch_id: seeded.branch,
            amount: -10,
            currency: 'BRL',
            method: 'pix',
            paid_at: '2026-11-23T10:00:00Z',
          },
        }),
        'invalid_data',
        /payments_check_1/,
      );
    });

    it('a missing required column', async () => {
      await expectRejected(
        mutation({ table: 'patients', op: 'insert', id: randomUUID(), data: { phone: '+5511999999999' } }),
        'invalid_data',
        /not-null|null value/,
      );
    });

    it('a foreign key to nothing', async () => {
      await expectRejected(
        mutation({
          table: 'patients',
          op: 'insert',
          id: randomUUID(),
          data: newPatient({ branch_id: randomUUID() }),
        }),
        'invalid_data',
        /foreign key.*is not present/,
      );
    });
  });

  it('invalid_rev: a base_rev above any rev the server issued', async () => {
    const head = await issuedBound(test.db);
    await expectRejected(
      mutation({
        table: 'patients',
        op: 'update',
        id: seeded.patient,
        base_rev: head + 2 ** 40,
        data: { notes: 'x' },
      }),
      'invalid_rev',
      new RegExp(`${head + 2 ** 40}`),
    );
  });

  describe('forbidden', () => {
    it('reception writing a medical record gets the answer of a missing one (no existence leak)', async () => {
      const row = await rowOf(test.db, 'encounters', seeded.encounter);
      const before = await fingerprint(test.db);
      const attempt = async (id: string) => {
        const [result] = await pushAs(test.db, 'reception', [
          mutation({ table: 'encounters', op: 'update', id, base_rev: row?.rev ?? 0, data: { record: {} } }),
        ]);
        return { ...result, mid: null, message: result?.message?.replace(id, '<id>') };
      };
      const real = await attempt(seeded.encounter);
      const invented = await attempt(randomUUID());
      expect(real).toMatchObject({ status: 'conflict', row: null });
      expect(real).toEqual(invented);
      expect(await fingerprint(test.db)).toEqual(before);
    });

    it('reception inserting over a hidden encounter id gets the answer of an RLS refusal', async () => {
      const patient = await patientRow();
      const data = { patient_id: patient?.id, professional_id: staff.doctor, branch_id: seeded.branch };
      const [hidden] = await pushAs(test.db, 'reception', [
        mutation({ table: 'encounters', op: 'insert', id: seeded.encounter, data }),
      ]);
      const [fresh] = await pushAs(test.db, 'reception', [
        mutation({ table: 'encounters', op: 'insert', id: randomUUID(), data }),
      ]);
      expect(hidden).toMatchObject({ status: 'rejected', code: 'forbidden' });
      expect(hidden?.message).toBe(fresh?.message);
    });

    it('billing creating a patient', async () => {
      await expectRejected(
        mutation({ table: 'patients', op: 'insert', id: randomUUID(), data: newPatient() }),
        'forbidden',
        /row-level security/,
        'billing',
      );
    });

    it('reception deleting a payment it may create but not change', async () => {
      const payment = await test.db.query<{ id: string; rev: number }>(
        'select id::text, rev from payments limit 1',
      );
      const { id, rev } = payment.rows[0] ?? { id: '', rev: 0 };
      await expectRejected(
        mutation({ table: 'payments', op: 'delete', id, base_rev: rev }),
        'forbidden',
        undefined,
        'reception',
      );
    });

    it('anyone writing the server-kept history', async () => {
      await expectRejected(
        mutation({ table: 'record_versions', op: 'update', id: randomUUID(), base_rev: 1, data: {} }),
        'forbidden',
      );
    });
  });

  describe('invalid_mutation: wrong shapes', () => {
    const good = () => mutation({ table: 'patients', op: 'insert', id: randomUUID(), data: newPatient() });
    const cases: [string, (m: Record<string, unknown>) => unknown, RegExp][] = [
      ['not an object', () => 42, /JSON object/],
      ['an array', () => [1, 2], /JSON object/],
      ['mid missing', (m) => ({ ...m, mid: undefined }), /mid/],
      ['mid not a uuid', (m) => ({ ...m, mid: 'abc' }), /mid/],
      ['id not a uuid', (m) => ({ ...m, id: "1' or 1=1" }), /id must be a uuid/],
      ['op unknown', (m) => ({ ...m, op: 'upsert' }), /op must be/],
      ['table a number', (m) => ({ ...m, table: 7 }), /table/],
      ['base_rev a string', (m) => ({ ...m, op: 'update', base_rev: '5' }), /base_rev/],
      ['base_rev negative', (m) => ({ ...m, op: 'update', base_rev: -1 }), /base_rev/],
      ['base_rev fractional', (m) => ({ ...m, op: 'update', base_rev: 1.5 }), /base_rev/],
      ['data an array', (m) => ({ ...m, data: [1] }), /data must be a JSON object/],
      ['data a string', (m) => ({ ...m, data: 'full_name=x' }), /data must be a JSON object/],
      ['insert without data', (m) => ({ ...m, data: null }), /insert needs data/],
      ['base not an object', (m) => ({ ...m, base: 3 }), /base must be/],
      ['at not a string', (m) => ({ ...m, at: 12 }), /at must be/],
    ];
    it.each(cases)('%s', async (_name, mangle, message) => {
      await expectRejected(mangle(good()), 'invalid_mutation', message);
    });

    it('1 MB of data', async () => {
      await expectRejected(
        mutation({
          table: 'patients',
          op: 'insert',
          id: randomUUID(),
          data: newPatient({ notes: 'x'.repeat(1024 * 1024) }),
        }),
        'invalid_mutation',
        /bytes, more than/,
      );
    });

    it('a call whose mutations are not an array fails as a whole with a coded error', async () => {
      await expect(pushAs(test.db, 'admin', { mid: randomUUID() })).rejects.toThrow(
        /invalid_mutation: mutations must be a JSON array/,
      );
      await expect(
        asUser(test.db, staff.admin, (tx) => tx.query(`select sync_push('', '[]'::jsonb)`)),
      ).rejects.toThrow(/invalid_mutation: client_id/);
    });

    it('records a rejected mutation that has a mid, so a retry replays the rejection', async () => {
      const bad = { ...good(), op: 'upsert' };
      const [first] = await pushAs(test.db, 'admin', [bad]);
      const [again] = await pushAs(test.db, 'admin', [bad]);
      expect(again).toEqual({ ...first, replayed: true });
    });
  });

  it('a mixed batch: the good mutations apply, the bad ones are rejected, nothing else changes', async () => {
    const row = await patientRow();
    const goodInsert = mutation({
      table: 'patients',
      op: 'insert',
      id: randomUUID(),
      data: newPatient({ full_name: 'Boa Inserção' }),
    });
    const goodUpdate = mutation({
      table: 'patients',
      op: 'update',
      id: seeded.patient,
      base_rev: row?.rev ?? 0,
      data: { notes: 'boa' },
    });
    const batch = [
      mutation({ table: 'nope', op: 'insert', id: randomUUID(), data: {} }),
      goodInsert,
      mutation({ table: 'patients', op: 'insert', id: randomUUID(), data: newPatient({ sex: 'x' }) }),
      mutation({
        table: 'patients',
        op: 'update',
        id: seeded.patient,
        base_rev: 1,
        data: { notes: 'stale' },
      }),
      goodUpdate,
      'garbage',
      mutation({
        table: 'patients',
        op: 'insert',
        id: randomUUID(),
        data: newPatient({ notes: 'y'.repeat(300_000) }),
      }),
    ];
    const before = await fingerprint(test.db);
    const head = await currentRev(test.db);
    const results = await pushAs(test.db, 'reception', batch);
    expect(results.map((r) => r.status)).toEqual([
      'rejected',
      'applied',
      'rejected',
      'conflict',
      'applied',
      'rejected',
      'rejected',
    ]);
    expect(results.map((r) => r.code ?? null)).toEqual([
      'unknown_table',
      null,
      'invalid_data',
      'conflict',
      null,
      'invalid_mutation',
      'invalid_mutation',
    ]);
    expect(results[5]?.mid).toBeNull();
    const after = await fingerprint(test.db);
    const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
    expect(changed).toEqual(['patients']);
    const patients = await test.db.query<{ id: string }>('select id::text from patients where rev > $1', [
      head,
    ]);
    expect(patients.rows.map((p) => p.id).sort()).toEqual(
      [goodInsert['id'] as string, seeded.patient].sort(),
    );
  });
});
