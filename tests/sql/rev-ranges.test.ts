import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, defaultMigrationsDir, prepareDatabase } from '../../server/db/migrate.ts';
import { testTargets, type TestDatabase } from '../support/test-databases.ts';
import {
  currentRev,
  issuedBound,
  mutation,
  newPatient,
  pullAll,
  pullAs,
  pushAs,
  seeded,
  seededDatabase,
  staff,
} from './support/sync-fixture.ts';

/**
 * Revs come from transaction-id ranges (`…20261203110000_revs_follow_transaction_ids.sql`):
 * unique without a shared counter, above every rev issued before the change, continued in a
 * fresh range past 2^16 rows, and moved above the old ones if the data reaches another cluster.
 */
const rangeSize = 2 ** 16;

describe.each(testTargets())('rev ranges on $name', (target) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await target.create();
    await seededDatabase(test.db);
  });
  afterAll(() => test.drop());

  async function insertPatients(count: number): Promise<{ id: string; rev: number }[]> {
    const results = await pushAs(
      test.db,
      'reception',
      Array.from({ length: count }, () =>
        mutation({ table: 'patients', op: 'insert', id: randomUUID(), data: newPatient() }),
      ),
    );
    return results.map((result) => ({ id: result.row?.id ?? '', rev: result.rev ?? 0 }));
  }

  it('gives one transaction consecutive revs from the start of its own range', async () => {
    const rows = await insertPatients(5);
    const first = rows[0]?.rev ?? 0;
    expect(first % rangeSize).toBe(0);
    expect(rows.map((row) => row.rev)).toEqual([0, 1, 2, 3, 4].map((i) => first + i));
    const later = await insertPatients(1);
    expect(later[0]?.rev ?? 0).toBeGreaterThanOrEqual(first + rangeSize);
  });

  it('continues past 2^16 rows in a fresh range of its own: unique revs, nothing skipped', async () => {
    const before = (await pullAs(test.db, 'admin', await currentRev(test.db))).cursor;
    const ids = Array.from({ length: 10 }, randomUUID);
    const written = await test.db.transaction(async (tx) => {
      // Use up all but four revs of this transaction's first range, then write ten rows.
      await tx.query(`select count(sync.next_rev()) from generate_series(1, $1::int)`, [rangeSize - 4]);
      const inserted = await tx.query<{ id: string; rev: number }>(
        `insert into patients (id, full_name)
         select id, 'Paciente ' || n from unnest($1::uuid[]) with ordinality as t(id, n) order by n
         returning id::text, rev`,
        [ids],
      );
      const own = await tx.query<{ x: string }>('select pg_current_xact_id()::text as x');
      return { rows: inserted.rows, xid: Number(own.rows[0]?.x) };
    });
    const revs = written.rows.map((row) => row.rev).sort((a, b) => a - b);
    expect(new Set(revs).size).toBe(10);
    const firstRange = Math.floor((revs[0] ?? 0) / rangeSize);
    expect(revs.filter((rev) => Math.floor(rev / rangeSize) === firstRange)).toHaveLength(4);
    const secondRange = Math.floor((revs[4] ?? 0) / rangeSize);
    expect(secondRange).toBeGreaterThan(firstRange);
    expect(revs.slice(4).every((rev) => Math.floor(rev / rangeSize) === secondRange)).toBe(true);
    expect(written.xid).toBeGreaterThan(0);
    // A later transaction's range is neither of those two, and a pull returns all ten rows.
    const after = await insertPatients(1);
    expect([firstRange, secondRange]).not.toContain(Math.floor((after[0]?.rev ?? 0) / rangeSize));
    const pulled = await pullAll(test.db, 'admin', before);
    const pulledIds = pulled.map((change) => change.row.id);
    for (const id of [...ids, after[0]?.id]) expect(pulledIds).toContain(id);
    const claims = await test.db.query('select 1 from sync.range_claims');
    expect(claims.rows).toEqual([]);
  });

  it('a rolled-back savepoint gives its revs back, and the rows after it take them', async () => {
    const [before, undone, after] = [randomUUID(), randomUUID(), randomUUID()];
    await test.db.transaction(async (tx) => {
      await tx.query(`insert into patients (id, full_name) values ($1, 'Antes')`, [before]);
      await tx.exec('savepoint attempt');
      await tx.query(`insert into patients (id, full_name) values ($1, 'Desfeito')`, [undone]);
      await tx.exec('rollback to savepoint attempt');
      await tx.query(`insert into patients (id, full_name) values ($1, 'Depois')`, [after]);
    });
    const kept = await test.db.query<{ rev: number }>(
      'select rev from patients where id = any($1::uuid[]) order by rev',
      [[before, undone, after]],
    );
    const revs = kept.rows.map((row) => row.rev);
    expect(revs).toHaveLength(2);
    expect(revs[1]).toBe((revs[0] ?? 0) + 1);
  });

  it('pokes once at commit with the last rev the transaction issued', async () => {
    await test.db.query('delete from realtime.messages where topic = $1', ['sync']);
    const rows = await insertPatients(3);
    const pokes = await test.db.query<{ payload: { rev: number } }>(
      `select payload from realtime.messages where topic = 'sync' and event = 'poke'`,
    );
    expect(pokes.rows.map((row) => row.payload.rev)).toEqual([Math.max(...rows.map((row) => row.rev))]);
  });

  it('moves the ranges above every rev held when the data is found in another cluster', async () => {
    const head = await currentRev(test.db);
    // What a dump restored on another cluster looks like: its transaction ids start far lower,
    // which the offset lowered by a million ranges stands for, and the cluster is not the one that
    // seated the ranges.
    await test.db.query(
      `update sync.counter set range_offset = range_offset - 1000000, cluster = 'elsewhere' where singleton`,
    );
    expect(await issuedBound(test.db)).toBeLessThan(head);
    const [row] = await insertPatients(1);
    expect(row?.rev ?? 0).toBeGreaterThan(head);
    const seated = await test.db.query<{ same: boolean }>(
      `select cluster = (pg_control_system()).system_identifier::text as same from sync.counter`,
    );
    expect(seated.rows[0]?.same).toBe(true);
    expect(await issuedBound(test.db)).toBeGreaterThan(row?.rev ?? 0);
  });

  it('refuses a rev that JSON could not carry exactly instead of issuing it', async () => {
    await expect(test.db.query('select sync.range_start((2^37)::bigint, 0)')).rejects.toThrow(
      /rev space exhausted/,
    );
    const last = await test.db.query<{ rev: string }>(
      'select sync.range_start((2^37)::bigint - 1, 0) as rev',
    );
    expect(Number(last.rows[0]?.rev) + rangeSize - 1).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER);
  });
});

describe.each(testTargets())('moving to rev ranges on $name', (target) => {
  const change = '20261203110000';
  let test: TestDatabase;
  let before: string;

  beforeAll(async () => {
    test = await target.create();
    before = await mkdtemp(join(tmpdir(), 'migrations-before-'));
    for (const file of await readdir(defaultMigrationsDir))
      if (file < change) await cp(join(defaultMigrationsDir, file), join(before, file));
    // Not the demo seed: it is written for today's schema. The old schema gets just what a push as
    // reception needs (its branch and profile).
    await prepareDatabase(test.db, { seed: false, migrationsDir: before });
    await test.db.exec(`
      insert into public.branches (id, name, code, country, timezone, currency)
        values ('${seeded.branch}', 'Clínica Centro', 'SP-CENTRO', 'BR', 'America/Sao_Paulo', 'BRL');
      insert into public.profiles (id, full_name, role, branch_id)
        values ('${staff.reception}', 'Lucía Mejía', 'reception', '${seeded.branch}');
    `);
  });
  afterAll(async () => {
    await test.drop();
    await rm(before, { recursive: true, force: true });
  });

  it('keeps every device cursor valid: old revs stay below every new one, and no pull resets', async () => {
    const oldRows = await pushAs(
      test.db,
      'reception',
      Array.from({ length: 20 }, () =>
        mutation({ table: 'patients', op: 'insert', id: randomUUID(), data: newPatient() }),
      ),
    );
    const oldRevs = oldRows.map((result) => result.rev ?? 0);
    // A device that pulled everything, and one that stopped half-way through the old rows.
    const caughtUp = (await pullAll(test.db, 'reception', 0)).at(-1)?.row.rev ?? 0;
    const halfWay = oldRevs[9] ?? 0;
    expect(caughtUp).toBe(Math.max(...oldRevs));

    expect(await applyMigrations(test.db)).toContain(change);
    const [fresh] = await pushAs(test.db, 'reception', [
      mutation({ table: 'patients', op: 'insert', id: randomUUID(), data: newPatient() }),
    ]);
    expect(fresh?.rev ?? 0).toBeGreaterThan(Math.max(...oldRevs));

    const fromCaughtUp = await pullAs(test.db, 'reception', caughtUp);
    expect(fromCaughtUp.reset).toBe(false);
    expect(fromCaughtUp.changes.map((c) => c.row.id)).toEqual([fresh?.row?.id]);
    const fromHalfWay = await pullAs(test.db, 'reception', halfWay);
    expect(fromHalfWay.reset).toBe(false);
    expect(fromHalfWay.changes.map((c) => c.row.rev)).toEqual([...oldRevs.slice(10), fresh?.rev]);
    // An update of an old row moves it above the old revs too, with its base_rev checked as before.
    const old = oldRows[0]?.row;
    const [updated] = await pushAs(test.db, 'reception', [
      mutation({
        table: 'patients',
        op: 'update',
        id: old?.id ?? '',
        base_rev: old?.rev ?? 0,
        data: { notes: 'x' },
      }),
    ]);
    expect(updated).toMatchObject({ status: 'applied' });
    expect(updated?.rev ?? 0).toBeGreaterThan(fresh?.rev ?? 0);
  });
});
