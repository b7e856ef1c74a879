import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '../../src/core/schema/clinic-tables.ts';
import { asRole, asUser } from '../support/as-role.ts';
import { testTargets, type TestDatabase } from '../support/test-databases.ts';
import {
  currentRev,
  issuedBound,
  mutation,
  newPatient,
  pullAs,
  pushAs,
  seededDatabase,
  staff,
  type PullAnswer,
  type Row,
} from './support/sync-fixture.ts';

const pageSize = 50;

// A paged pull from 0 after a purge completes when the client sends the horizon its copy is
// consistent with (`known_horizon`, taken from each page's `purge_horizon`); a copy that predates
// the purge is still told to reset (DESIGN §3.2 `reset`, docs/decisions.md).
describe.each(testTargets())('paged pull after a purge on $name', (target) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await target.create();
    await seededDatabase(test.db);
  });
  afterAll(() => test.drop());

  async function insertPatients(count: number): Promise<Row[]> {
    const results = await pushAs(
      test.db,
      'reception',
      Array.from({ length: count }, () =>
        mutation({ table: 'patients', op: 'insert', id: randomUUID(), data: newPatient() }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(results.map(() => 'applied'));
    return results.map((r) => r.row as Row);
  }

  async function deletePatient(row: Row): Promise<Row> {
    const [result] = await pushAs(test.db, 'reception', [
      mutation({ table: 'patients', op: 'delete', id: row.id, base_rev: row.rev }),
    ]);
    expect(result?.status).toBe('applied');
    return result?.row as Row;
  }

  async function purge(): Promise<number> {
    const result = await asRole(test.db, 'service_role', (tx) =>
      tx.query<{ r: { purge_horizon: number } }>(`select sync_purge_tombstones(interval '0 seconds') as r`),
    );
    return result.rows[0]?.r.purge_horizon ?? 0;
  }

  /** Several pages of rows, then a tombstone above them all, purged: the horizon lies above them. */
  async function purgeAboveManyPages(): Promise<number> {
    const rows = await insertPatients(4 * pageSize);
    const tombstone = await deletePatient(rows[0] as Row);
    const horizon = await purge();
    expect(horizon).toBe(tombstone.rev);
    return horizon;
  }

  /** Pulls from 0 page by page, passing each page's purge_horizon on as known_horizon. */
  async function pagedPull(role: StaffRole): Promise<PullAnswer[]> {
    const pages: PullAnswer[] = [];
    let cursor = 0;
    let known: number | null = null;
    for (let i = 0; i < 1000; i++) {
      const page = await pullAs(test.db, role, cursor, pageSize, known);
      expect(page.reset).toBe(false);
      pages.push(page);
      cursor = page.cursor;
      known = page.purge_horizon;
      if (!page.has_more) return pages;
    }
    throw new Error('the paged pull never ended');
  }

  it('a paged pull from 0 completes without reset when each page passes on its purge_horizon', async () => {
    const horizon = await purgeAboveManyPages();
    const pages = await pagedPull('reception');

    const belowHorizon = pages.filter((page) => page.has_more && page.cursor < horizon);
    expect(belowHorizon.length).toBeGreaterThanOrEqual(3);
    for (const page of pages) expect(page.purge_horizon).toBe(horizon);
    const last = pages.at(-1);
    expect(last?.cursor).toBeGreaterThanOrEqual(horizon);

    // The same rows as one big page, and nothing is answered reset afterwards.
    const whole = await pullAs(test.db, 'reception', 0, 10000);
    expect(whole.has_more).toBe(false);
    expect(pages.flatMap((page) => page.changes.map((c) => c.row.rev))).toEqual(
      whole.changes.map((c) => c.row.rev),
    );
    const next = await pullAs(test.db, 'reception', last?.cursor ?? 0, pageSize, last?.purge_horizon);
    expect(next).toMatchObject({ changes: [], has_more: false, reset: false, purge_horizon: horizon });
  });

  it('without known_horizon the second page below the horizon is answered reset', async () => {
    const horizon = await purgeAboveManyPages();
    const first = await pullAs(test.db, 'reception', 0, pageSize);
    expect(first).toMatchObject({ has_more: true, reset: false, purge_horizon: horizon });
    expect(first.cursor).toBeLessThan(horizon);
    for (const known of [undefined, null]) {
      expect(await pullAs(test.db, 'reception', first.cursor, pageSize, known)).toMatchObject({
        changes: [],
        cursor: 0,
        has_more: true,
        reset: true,
        purge_horizon: horizon,
      });
    }
  });

  it('a client whose copy predates the purge is still told to reset', async () => {
    const rows = await insertPatients(3);
    const before = await pullAs(test.db, 'reception', 0, 10000);
    expect(before.has_more).toBe(false);
    await deletePatient(rows[0] as Row);
    const horizon = await purge();
    expect(horizon).toBeGreaterThan(before.cursor);
    expect(before.purge_horizon).toBeLessThan(horizon);

    expect(await pullAs(test.db, 'reception', before.cursor, pageSize, before.purge_horizon)).toMatchObject({
      changes: [],
      cursor: 0,
      has_more: true,
      reset: true,
      purge_horizon: horizon,
    });
    // Claiming a horizon above the real one does not hide a cursor ahead of the server.
    const ahead = (await issuedBound(test.db)) + 2 ** 40;
    expect(await pullAs(test.db, 'reception', ahead, pageSize, ahead)).toMatchObject({
      reset: true,
      cursor: 0,
    });
  });

  it('2-argument and named calls still work, and every answer carries purge_horizon', async () => {
    const horizon = await purge();
    const head = (await pullAs(test.db, 'reception', await currentRev(test.db), 10)).cursor;
    const two = await pullAs(test.db, 'reception', head, 10);
    expect(two.cursor).toBeGreaterThanOrEqual(head);
    expect(two).toMatchObject({
      changes: [],
      has_more: false,
      reset: false,
      purge_horizon: horizon,
    });
    expect(Object.keys(two).sort()).toEqual([
      'changes',
      'cursor',
      'has_more',
      'held_since',
      'purge_horizon',
      'reset',
      'server_time',
    ]);

    const named = await asUser(test.db, staff.reception, (tx) =>
      tx.query<{ a: PullAnswer; b: PullAnswer }>(
        'select sync_pull(since => $1) as a, sync_pull(since => $1, known_horizon => $2) as b',
        [head, horizon],
      ),
    );
    expect(named.rows[0]?.a).toMatchObject({ changes: [], reset: false, purge_horizon: horizon });
    expect(named.rows[0]?.b).toMatchObject({ changes: [], reset: false, purge_horizon: horizon });

    await expect(pullAs(test.db, 'reception', 0, 10, -1)).rejects.toThrow(/invalid_argument/);
  });

  it('has one sync_pull function, executable by staff and the service role but not anon', async () => {
    const fns = await test.db.query<{ args: string }>(
      `select pg_get_function_identity_arguments(p.oid) as args
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'public' and p.proname = 'sync_pull'`,
    );
    expect(fns.rows.map((r) => r.args)).toEqual(['since bigint, max_rows integer, known_horizon bigint']);
    const grants = await test.db.query<{ role: string; ok: boolean }>(
      `select r as role, has_function_privilege(r, 'public.sync_pull(bigint, integer, bigint)', 'execute') as ok
         from unnest(array['anon', 'authenticated', 'service_role']) r`,
    );
    expect(Object.fromEntries(grants.rows.map((g) => [g.role, g.ok]))).toEqual({
      anon: false,
      authenticated: true,
      service_role: true,
    });
  });
});
