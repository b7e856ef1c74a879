import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser } from '../support/as-role.ts';
import { testTargets, type TestDatabase } from '../support/test-databases.ts';
import { currentRev, pullAs, seededDatabase, staff } from './support/sync-fixture.ts';

/**
 * sync_pull runs a statement planned once per session (sync.pull_page, a generic plan). These
 * tests hold that plan to the contract's cost rule and keep the generated function in step with
 * the set of synced tables.
 */
describe.each(testTargets())('sync_pull plan on $name', (target) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await target.create();
    await seededDatabase(test.db);
    await test.db.transaction(async (tx) => {
      await tx.exec(`set local session_replication_role = replica`);
      await tx.query(
        `insert into patients (id, full_name, branch_id, rev, created_at, updated_at)
         select gen_random_uuid(), 'Paciente Plano ' || g, 'b0000000-0000-4000-8000-000000000001',
                sync.next_rev(), now(), now()
           from generate_series(1, 20000) g`,
      );
    });
    await test.db.exec('analyze patients');
  });
  afterAll(() => test.drop());

  /** The generic plan (the one sync.pull_page keeps), as the caller would run it. */
  async function genericPlan(since: (head: number) => number, maxRows: number): Promise<string[]> {
    const statement =
      (await test.db.query<{ s: string }>('select sync.pull_statement() as s')).rows[0]?.s ?? '';
    const head = await currentRev(test.db);
    return asUser(test.db, staff.admin, async (tx) => {
      await tx.exec('set local plan_cache_mode = force_generic_plan');
      await tx.exec(`prepare pull_plan (bigint, integer, bigint) as ${statement}`);
      const plan = await tx.query<Record<string, string>>(
        `explain (analyze, costs off, timing off) execute pull_plan(${since(head)}, ${maxRows}, null)`,
      );
      await tx.exec('deallocate pull_plan');
      return plan.rows.map((row) => Object.values(row)[0] ?? '');
    });
  }

  it('reads the rev index of a large table in order and stops at the limit, not knowing since', async () => {
    const rowsReadFromPatients = (lines: readonly string[]) => {
      const patients = lines.filter((line) => / on patients /.test(line));
      expect(patients.some((line) => /Seq Scan/.test(line))).toBe(false);
      const indexScan = patients.find((line) => /Index Scan using patients_rev_key/.test(line)) ?? '';
      return Number(/rows=(\d+)/.exec(indexScan)?.[1] ?? -1);
    };
    // Near the head the branch reads only what changed above since...
    const nearHead = rowsReadFromPatients(await genericPlan((head) => head - 10, 5000));
    expect(nearHead).toBeGreaterThanOrEqual(0);
    expect(nearHead).toBeLessThanOrEqual(10);
    // ...and from 0 no more than a page (plus the one that tells has_more).
    const fromZero = rowsReadFromPatients(await genericPlan(() => 0, 1000));
    expect(fromZero).toBeGreaterThan(0);
    expect(fromZero).toBeLessThanOrEqual(1001);
  });

  it('pulls the same pages after a session has cached its plan as a fresh one does', async () => {
    const head = await currentRev(test.db);
    const since = head - 2500;
    const pages = async () =>
      asUser(test.db, staff.admin, async (tx) => {
        const answers: unknown[] = [];
        for (let i = 0; i < 8; i += 1)
          answers.push(
            (await tx.query<{ a: unknown }>('select sync_pull($1, 1000) as a', [since])).rows[0]?.a,
          );
        return answers.map((answer) => ({ ...(answer as object), server_time: null }));
      });
    const answers = await pages();
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0]).toMatchObject({ has_more: true, cursor: since + 1000 });
  });

  it('pulls a table registered after the pull was generated', async () => {
    await test.db.exec(`
      create table public.pull_plan_probe (
        id uuid primary key, label text, rev bigint not null,
        created_at timestamptz not null default now(), updated_at timestamptz not null default now(),
        deleted_at timestamptz, last_editor text);
      select sync.register_table('pull_plan_probe');`);
    const before = await currentRev(test.db);
    const id = randomUUID();
    await test.db.query(`insert into public.pull_plan_probe (id, label) values ($1, 'probe')`, [id]);
    // On a server shared with other databases a pull may be held back a moment by a transaction it
    // cannot place (sync.pull_bounds holds rows, never skips them): ask again until it arrives.
    await expect
      .poll(async () => (await pullAs(test.db, 'service_role', before)).changes, { timeout: 10_000 })
      .toEqual([{ table: 'pull_plan_probe', row: expect.objectContaining({ id, label: 'probe' }) }]);
    // RLS on and no policy: signed-in staff pull nothing of it.
    expect((await pullAs(test.db, 'admin', before)).changes).toEqual([]);
    await test.db.exec(
      `delete from sync.entity_settings where table_name = 'pull_plan_probe'; drop table public.pull_plan_probe;`,
    );
    expect((await pullAs(test.db, 'service_role', 0, 10)).changes.length).toBe(10);
  });
});
