import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgres, type TestDatabase } from '../support/test-databases.ts';
import { connect, settledWithin, signIn } from './support/connections.ts';
import { mutation, newPatient, seededDatabase, staff, type MutationResult } from './support/sync-fixture.ts';

/**
 * Two pushers sending the same mid at the same time (a Background Sync flush racing the sync
 * worker after a lost response): the second must wait for the first and then replay its result,
 * never apply the mutation twice. Needs concurrent sessions, so PostgreSQL only.
 */
const url = process.env['TEST_DATABASE_URL'];

async function push(client: pg.Client, mutations: unknown[]): Promise<MutationResult[]> {
  const result = await client.query<{ a: { results: MutationResult[] } }>(
    'select sync_push($1, $2::jsonb) as a',
    ['device-1', JSON.stringify(mutations)],
  );
  return result.rows[0]?.a.results ?? [];
}

describe.skipIf(!url)('concurrent pushes of one mid on postgres', () => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await createPostgres(url ?? '');
    await seededDatabase(test.db);
  });
  afterAll(() => test.drop());

  async function race(
    firstOutcome: 'commit' | 'rollback',
  ): Promise<{ first: MutationResult[]; second: MutationResult[]; id: string }> {
    const [one, two] = await Promise.all([connect(test.url ?? ''), connect(test.url ?? '')]);
    const id = randomUUID();
    const insert = mutation({ table: 'patients', op: 'insert', id, data: newPatient() });
    try {
      await one.query('begin');
      await signIn(one, staff.reception);
      const first = await push(one, [insert]);
      await two.query('begin');
      await signIn(two, staff.reception);
      const secondPush = push(two, [insert]);
      expect((await settledWithin(secondPush, 300)).done).toBe(false);
      await one.query(firstOutcome);
      const second = await secondPush;
      await two.query('commit');
      return { first, second, id };
    } finally {
      await Promise.all([one.end(), two.end()]);
    }
  }

  it('the second waits, then replays the committed result; the row is written once', async () => {
    const { first, second, id } = await race('commit');
    expect(first[0]?.status).toBe('applied');
    expect(second[0]).toEqual({ ...first[0], replayed: true });
    const logged = await test.db.query('select 1 from sync.mutations where row_id = $1', [id]);
    expect(logged.rows).toHaveLength(1);
  });

  it('if the first rolls back, the second applies it', async () => {
    const { second, id } = await race('rollback');
    expect(second[0]).toMatchObject({ status: 'applied', replayed: false });
    const rows = await test.db.query('select rev from patients where id = $1', [id]);
    expect(rows.rows).toHaveLength(1);
  });
});
