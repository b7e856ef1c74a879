import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../server/db/migrate.ts';
import { createPostgres, type TestDatabase } from '../support/test-databases.ts';
import { connect, settledWithin } from './support/connections.ts';

/**
 * Rev order must be commit order (DESIGN §3.1): a puller that has seen rev N must never later
 * meet a row with rev <= N. Only a real server has concurrent sessions, so this runs on
 * PostgreSQL only.
 */
interface RevScheme {
  insert(client: pg.Client, id: string): Promise<unknown>;
  /** Ids with rev > since, ascending, and the new cursor. */
  pull(client: pg.Client, since: number): Promise<{ ids: string[]; cursor: number }>;
}

/** The project's scheme: rows of a synced table, pulled with sync_pull. */
const counterScheme: RevScheme = {
  insert: (client, id) =>
    client.query(`insert into patients (id, full_name) values ($1, 'Ordem de Commit')`, [id]),
  async pull(client, since) {
    const result = await client.query<{ a: { changes: { row: { id: string } }[]; cursor: number } }>(
      'select sync_pull($1, 1000) as a',
      [since],
    );
    const answer = result.rows[0]?.a;
    return { ids: answer?.changes.map((c) => c.row.id) ?? [], cursor: Number(answer?.cursor ?? since) };
  },
};

/** What the contract warns against: a rev taken from a plain sequence when the row is written. */
const sequenceScheme: RevScheme = {
  insert: (client, id) => client.query('insert into sequence_revs (id) values ($1)', [id]),
  async pull(client, since) {
    const result = await client.query<{ id: string; rev: string }>(
      'select id, rev from sequence_revs where rev > $1 order by rev limit 1000',
      [since],
    );
    const last = result.rows.at(-1);
    return { ids: result.rows.map((r) => r.id), cursor: last ? Number(last.rev) : since };
  },
};

/**
 * The interleaving that breaks a sequence: A takes a rev and commits late; B takes a later rev and
 * commits at once (if the scheme lets it); a puller runs between the two commits, then again.
 * Returns what the puller saw.
 */
async function lateCommit(url: string, scheme: RevScheme): Promise<{ a: string; b: string; seen: string[] }> {
  const [writerA, writerB, puller] = await Promise.all([connect(url), connect(url), connect(url)]);
  try {
    let cursor = 0;
    for (
      let page = await scheme.pull(puller, cursor);
      page.ids.length > 0;
      page = await scheme.pull(puller, cursor)
    ) {
      cursor = page.cursor;
    }
    const seen: string[] = [];
    const pullOnce = async () => {
      const page = await scheme.pull(puller, cursor);
      seen.push(...page.ids);
      cursor = page.cursor;
    };
    const a = randomUUID();
    const b = randomUUID();
    await writerA.query('begin');
    await scheme.insert(writerA, a);
    await writerB.query('begin');
    const insertB = scheme.insert(writerB, b);
    // Long enough for an insert that does not block to finish even on a loaded machine.
    const early = await settledWithin(insertB, 2000);
    if (early.done) await writerB.query('commit');
    await pullOnce();
    await writerA.query('commit');
    if (!early.done) {
      await insertB;
      await writerB.query('commit');
    }
    await pullOnce();
    await pullOnce();
    return { a, b, seen };
  } finally {
    await Promise.all([writerA.end(), writerB.end(), puller.end()]);
  }
}

const url = process.env['TEST_DATABASE_URL'];

describe.skipIf(!url)('rev order is commit order on postgres', () => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await createPostgres(url ?? '');
    await prepareDatabase(test.db, { seed: false });
    await test.db.exec(`
      create sequence sequence_revs_rev;
      create table sequence_revs (id uuid primary key, rev bigint not null default nextval('sequence_revs_rev'));
    `);
  });
  afterAll(() => test.drop());

  it('the test bites: with a plain sequence the puller skips the late-committing row for good', async () => {
    const { a, b, seen } = await lateCommit(test.url ?? '', sequenceScheme);
    expect(seen).toContain(b);
    expect(seen).not.toContain(a);
  });

  it('with the sync counter the same interleaving skips nothing, in commit order', async () => {
    const { a, b, seen } = await lateCommit(test.url ?? '', counterScheme);
    expect(seen).toEqual([a, b]);
  });

  it('many writers committing at random moments while a puller loops: every row is pulled exactly once', async () => {
    const writers = await Promise.all(Array.from({ length: 6 }, () => connect(test.url ?? '')));
    const puller = await connect(test.url ?? '');
    const written: string[] = [];
    const seen: string[] = [];
    let cursor = (await counterScheme.pull(puller, 0)).cursor;
    let writing = true;
    const pulling = (async () => {
      while (writing) {
        const page = await counterScheme.pull(puller, cursor);
        seen.push(...page.ids);
        cursor = page.cursor;
      }
    })();
    try {
      await Promise.all(
        writers.map(async (writer) => {
          for (let i = 0; i < 15; i += 1) {
            await writer.query('begin');
            for (let j = 0; j < 3; j += 1) {
              const id = randomUUID();
              await counterScheme.insert(writer, id);
              written.push(id);
            }
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 8));
            await writer.query('commit');
          }
        }),
      );
    } finally {
      writing = false;
      await pulling;
    }
    for (;;) {
      const page = await counterScheme.pull(puller, cursor);
      if (page.ids.length === 0) break;
      seen.push(...page.ids);
      cursor = page.cursor;
    }
    await Promise.all([...writers.map((w) => w.end()), puller.end()]);
    expect(seen.length).toBe(written.length);
    expect(new Set(seen)).toEqual(new Set(written));
  });
});
