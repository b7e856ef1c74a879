import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser } from '../support/as-role.ts';
import { testTargets, type TestDatabase } from '../support/test-databases.ts';
import {
  currentRev,
  mutation,
  newPatient,
  pushAs,
  rowOf,
  seededDatabase,
  staff,
  type MutationResult,
  type Row,
} from './support/sync-fixture.ts';

/**
 * sync_push applies runs of like mutations (consecutive inserts, or compare-and-set updates, of
 * one table and one column set) in one statement, and falls back to one mutation at a time for
 * anything a run cannot simply apply. These tests hold it to the one-by-one answers.
 */
describe.each(testTargets())('sync_push runs on $name', (target) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await target.create();
    await seededDatabase(test.db);
  });
  afterAll(() => test.drop());

  const outcome = (result: MutationResult | undefined) => [
    result?.status,
    result?.code ?? null,
    result?.replayed,
  ];

  async function insertPatients(count: number): Promise<Row[]> {
    const results = await pushAs(
      test.db,
      'reception',
      Array.from({ length: count }, (_, i) =>
        mutation({
          table: 'patients',
          op: 'insert',
          id: randomUUID(),
          data: newPatient({ full_name: `Run ${i}` }),
        }),
      ),
    );
    expect(results.map((result) => result.status)).toEqual(Array(count).fill('applied'));
    return results.map((result) => result.row as Row);
  }

  /**
   * A batch with every case a run meets: clean runs, a value the table refuses inside an insert
   * run, a stale base_rev inside an update run, a mid and an id repeated, an existing id with other values (conflict) and an identical re-insert (applied), an
   * unknown column, a delete between runs.
   */
  async function mixedBatch(): Promise<Record<string, unknown>[]> {
    const [a, b, c, d, gone] = await insertPatients(5);
    const existing = await insertPatients(1);
    const repeated = mutation({ table: 'patients', op: 'insert', id: randomUUID(), data: newPatient() });
    const insert = (overrides: Record<string, unknown> = {}) =>
      mutation({ table: 'patients', op: 'insert', id: randomUUID(), data: newPatient(overrides) });
    const update = (row: Row | undefined, baseRev: number | undefined, notes: string) =>
      mutation({
        table: 'patients',
        op: 'update',
        id: row?.id ?? '',
        base_rev: baseRev ?? 0,
        data: { notes },
      });
    const sameId = randomUUID();
    return [
      insert(),
      insert({ document_type: 'NOT-A-TYPE' }),
      insert(),
      repeated,
      repeated,
      insert(),
      update(a, a?.rev, 'a'),
      update(b, (b?.rev ?? 0) - 1, 'stale'),
      update(c, c?.rev, 'c'),
      mutation({ table: 'patients', op: 'delete', id: gone?.id ?? '', base_rev: gone?.rev ?? 0 }),
      update(d, d?.rev, 'd'),
      mutation({
        table: 'patients',
        op: 'update',
        id: d?.id ?? '',
        base_rev: d?.rev ?? 0,
        data: { notes: 'twice' },
      }),
      mutation({
        table: 'patients',
        op: 'insert',
        id: existing[0]?.id ?? '',
        data: newPatient({ full_name: 'Outro Nome' }),
      }),
      insert(),
      mutation({ table: 'patients', op: 'insert', id: sameId, data: newPatient() }),
      mutation({ table: 'patients', op: 'insert', id: sameId, data: newPatient() }),
      insert({ no_such_column: 1 }),
      insert({ no_such_column: 2 }),
      insert({ branch_id: randomUUID() }),
      insert(),
    ];
  }

  it('answers a mixed batch exactly as pushing each mutation alone would', async () => {
    const together = await pushAs(test.db, 'reception', await mixedBatch());
    const alone: MutationResult[] = [];
    for (const one of await mixedBatch()) alone.push(...(await pushAs(test.db, 'reception', [one])));
    // Pushed alone, the repeated mid is a replay from the log; in one batch, from the same call.
    expect(together.map(outcome)).toEqual(alone.map(outcome));
    expect(together.map(outcome)).toEqual([
      ['applied', null, false],
      ['rejected', 'invalid_data', false],
      ['applied', null, false],
      ['applied', null, false],
      ['applied', null, true],
      ['applied', null, false],
      ['applied', null, false],
      ['conflict', 'conflict', false],
      ['applied', null, false],
      ['applied', null, false],
      ['applied', null, false],
      ['conflict', 'conflict', false],
      ['conflict', 'conflict', false],
      ['applied', null, false],
      ['applied', null, false],
      ['applied', null, false],
      ['rejected', 'unknown_column', false],
      ['rejected', 'unknown_column', false],
      ['rejected', 'invalid_data', false],
      ['applied', null, false],
    ]);
  });

  it('gives the rows of a run ascending revs in input order, each written once and logged once', async () => {
    const before = await currentRev(test.db);
    const batch = Array.from({ length: 50 }, (_, i) =>
      mutation({
        table: 'patients',
        op: 'insert',
        id: randomUUID(),
        data: newPatient({ full_name: `Ordem ${i}` }),
      }),
    );
    const results = await pushAs(test.db, 'reception', batch);
    const revs = results.map((result) => result.rev ?? 0);
    expect(revs).toEqual([...revs].sort((x, y) => x - y));
    expect(new Set(revs).size).toBe(50);
    expect(Math.min(...revs)).toBeGreaterThan(before);
    expect(results.map((result) => result.row?.['full_name'])).toEqual(batch.map((_, i) => `Ordem ${i}`));
    const logged = await test.db.query<{ n: number }>(
      `select count(*)::int as n from sync.mutations where mid = any($1::uuid[]) and status = 'applied'`,
      [batch.map((m) => m['mid'])],
    );
    expect(logged.rows[0]?.n).toBe(50);
  });

  it('applies an update run with compare-and-set per row and answers each row with its new version', async () => {
    const rows = await insertPatients(20);
    const results = await pushAs(
      test.db,
      'nurse',
      rows.map((row, i) =>
        mutation({
          table: 'patients',
          op: 'update',
          id: row.id,
          base_rev: row.rev,
          data: { notes: `n${i}`, phone: '+5511900000000' },
        }),
      ),
    );
    expect(
      results.every((result, i) => result.status === 'applied' && result.row?.['notes'] === `n${i}`),
    ).toBe(true);
    expect(results.every((result, i) => (result.rev ?? 0) > (rows[i]?.rev ?? 0))).toBe(true);
    const stored = await rowOf(test.db, 'patients', rows[7]?.id ?? '');
    expect(stored).toMatchObject({ notes: 'n7', phone: '+5511900000000', rev: results[7]?.rev });
  });

  it('writes nothing of a run a role may not write, and refuses each mutation as forbidden', async () => {
    const batch = Array.from({ length: 3 }, () =>
      mutation({
        table: 'encounters',
        op: 'insert',
        id: randomUUID(),
        data: { patient_id: 'd0000000-0000-4000-8000-000000000001', professional_id: staff.doctor },
      }),
    );
    const results = await pushAs(test.db, 'billing', batch);
    expect(results.map(outcome)).toEqual(Array(3).fill(['rejected', 'forbidden', false]));
    for (const m of batch) expect(await rowOf(test.db, 'encounters', String(m['id']))).toBeUndefined();
  });

  it('sync.push_run applies a clean run in one call and leaves a failing one wholly unwritten', async () => {
    const run = (overrides: Record<string, unknown>[]) =>
      overrides.map((o) =>
        mutation({ table: 'patients', op: 'insert', id: randomUUID(), data: newPatient(o) }),
      );
    await asUser(test.db, staff.reception, async (tx) => {
      const clean = run([{}, {}, {}]);
      const applied = await tx.query<{ r: MutationResult[] | null }>('select sync.push_run($1::jsonb) as r', [
        JSON.stringify(clean),
      ]);
      expect(applied.rows[0]?.r?.map((result) => result.status)).toEqual(['applied', 'applied', 'applied']);
      const failing = run([{}, { document_type: 'NOT-A-TYPE' }, {}]);
      const refused = await tx.query<{ r: unknown }>('select sync.push_run($1::jsonb) as r', [
        JSON.stringify(failing),
      ]);
      expect(refused.rows[0]?.r).toBeNull();
      for (const m of failing) expect(await rowOf(tx, 'patients', String(m['id']))).toBeUndefined();
    });
  });
});
