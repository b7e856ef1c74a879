import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '../../src/core/schema/clinic-tables.ts';
import { asRole } from '../support/as-role.ts';
import { testTargets, type TestDatabase } from '../support/test-databases.ts';
import {
  currentRev,
  issuedBound,
  mutation,
  newPatient,
  pullAs,
  pushAs,
  seededDatabase,
  type PullAnswer,
  type Row,
} from './support/sync-fixture.ts';

// After a tombstone purge, a client that pulled everything must not be told to reset again: the
// last page's cursor reaches the purge horizon when every rev up to it is settled (DESIGN §3.2
// `reset`, docs/sql.md).
describe.each(testTargets())('pull cursor after a purge on $name', (target) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await target.create();
    await seededDatabase(test.db);
  });
  afterAll(() => test.drop());

  async function insertPatient(): Promise<Row> {
    const [result] = await pushAs(test.db, 'reception', [
      mutation({ table: 'patients', op: 'insert', id: randomUUID(), data: newPatient() }),
    ]);
    expect(result?.status).toBe('applied');
    return result?.row as Row;
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

  /** Pulls from `since` to the end; every page, the last one last. */
  async function pullToEnd(role: StaffRole, since: number, maxRows: number): Promise<PullAnswer[]> {
    const pages: PullAnswer[] = [];
    let cursor = since;
    for (;;) {
      const page = await pullAs(test.db, role, cursor, maxRows);
      expect(page.reset).toBe(false);
      pages.push(page);
      cursor = page.cursor;
      if (!page.has_more) return pages;
    }
  }

  it('a full pull after purging the tombstone with the highest rev ends at the horizon: the next pull does not reset', async () => {
    const tombstone = await deletePatient(await insertPatient());
    expect(tombstone.rev).toBe(await currentRev(test.db));
    const horizon = await purge();
    expect(horizon).toBe(tombstone.rev);

    // One page: a later page of a pull from 0 would start below the horizon, which is answered reset.
    const pages = await pullToEnd('reception', 0, 10000);
    const last = pages.at(-1);
    const lastRevSent = Math.max(...pages.flatMap((page) => page.changes.map((c) => c.row.rev)));
    expect(lastRevSent).toBeLessThan(horizon);
    expect(last?.cursor).toBeGreaterThanOrEqual(horizon);

    const next = await pullAs(test.db, 'reception', last?.cursor ?? 0);
    expect(next).toMatchObject({ changes: [], has_more: false, reset: false });
  });

  it('the raised cursor skips nothing: rows written after the purge arrive with their own revs', async () => {
    const horizon = await purge();
    const [end] = (await pullToEnd('reception', 0, 10000)).slice(-1);
    expect(end?.cursor).toBeGreaterThanOrEqual(horizon);
    const later = await insertPatient();
    const answer = await pullAs(test.db, 'reception', end?.cursor ?? 0);
    expect(answer.changes.map((c) => c.row.id)).toEqual([later.id]);
    expect(answer).toMatchObject({ has_more: false, reset: false });
    expect(answer.cursor).toBeGreaterThanOrEqual(later.rev);
  });

  it('never moves the cursor below since nor above what the server can have issued', async () => {
    const head = await currentRev(test.db);
    const fromHead = await pullAs(test.db, 'reception', head);
    expect(fromHead).toMatchObject({ changes: [], has_more: false, reset: false });
    expect(fromHead.cursor).toBeGreaterThanOrEqual(head);
    expect(fromHead.cursor).toBeLessThanOrEqual(await issuedBound(test.db));
    // A horizon above every rev issued (a counter row out of step with the revs, e.g. after a
    // partial restore): the last page's cursor still stops where the settled revs end.
    const bound = await issuedBound(test.db);
    const saved = await test.db.query<{ h: number }>('select purge_horizon as h from sync.counter');
    await test.db.query('update sync.counter set purge_horizon = $1 where singleton', [bound + 2 ** 40]);
    try {
      const [end] = (await pullToEnd('reception', 0, 10000)).slice(-1);
      expect(end?.cursor).toBeGreaterThanOrEqual(head);
      expect(end?.cursor).toBeLessThanOrEqual(await issuedBound(test.db));
    } finally {
      await test.db.query('update sync.counter set purge_horizon = $1 where singleton', [
        saved.rows[0]?.h ?? 0,
      ]);
    }
  });
});
