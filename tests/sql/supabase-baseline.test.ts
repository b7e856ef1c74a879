import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyBaseline } from '../../server/db/migrate.ts';
import { testTargets, type TestDatabase } from '../support/test-databases.ts';
import { connect } from './support/connections.ts';

/**
 * Where the product depends on what a Supabase project provides, the baseline behaves the same:
 * the API roles' statement timeouts, realtime.topic(), and a realtime.send that turns its own
 * failure into a WARNING (a lost message, never a failed transaction).
 */
describe.each(testTargets())('the Supabase baseline on $name', (target) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await target.create();
    await applyBaseline(test.db);
    // Stands in for what loses a message on Supabase (a missing partition, a refusing policy).
    await test.db.exec(`alter table realtime.messages add constraint refuses_lost check (topic <> 'lost')`);
  });
  afterAll(() => test.drop());

  it('gives the API roles Supabase statement timeouts: anon 3 s, authenticated and authenticator 8 s', async () => {
    await applyBaseline(test.db);
    const { rows } = await test.db.query<{ role: string; config: string[] }>(
      `select r.rolname as role, s.setconfig as config
         from pg_db_role_setting s join pg_roles r on r.oid = s.setrole
        where s.setdatabase = (select oid from pg_database where datname = current_database())
        order by r.rolname`,
    );
    expect(rows).toEqual([
      { role: 'anon', config: ['statement_timeout=3s'] },
      { role: 'authenticated', config: ['statement_timeout=8s'] },
      { role: 'authenticator', config: ['statement_timeout=8s'] },
    ]);
  });

  it('realtime.topic() is null outside a send, and the topic being sent to inside its transaction', async () => {
    const outside = await test.db.query<{ topic: string | null }>('select realtime.topic() as topic');
    expect(outside.rows).toEqual([{ topic: null }]);
    const inside = await test.db.transaction(async (tx) => {
      await tx.query(`select realtime.send('{}'::jsonb, 'e', 'ward-3', true)`);
      return (await tx.query<{ topic: string }>('select realtime.topic() as topic')).rows;
    });
    expect(inside).toEqual([{ topic: 'ward-3' }]);
  });

  it('realtime.send keeps a payload that has its own id', async () => {
    await test.db.query(`select realtime.send('{"id": "mine", "rev": 7}'::jsonb, 'poke', 'own-id', false)`);
    const { rows } = await test.db.query<{ payload: unknown }>(
      `select payload from realtime.messages where topic = 'own-id'`,
    );
    expect(rows).toEqual([{ payload: { id: 'mine', rev: 7 } }]);
  });

  it('a send that cannot store its message is lost with a WARNING; the transaction goes on and commits', async () => {
    const before = await test.db.query<{ n: number }>('select count(*)::int as n from realtime.messages');
    const committed = await test.db.transaction(async (tx) => {
      await tx.query(`create table send_survivor (id int)`);
      await tx.query(`select realtime.send('{"rev": 1}'::jsonb, 'poke', 'lost', false)`);
      await tx.query(`insert into send_survivor values (1)`);
      return (await tx.query<{ n: number }>('select count(*)::int as n from send_survivor')).rows[0]?.n;
    });
    expect(committed).toBe(1);
    const after = await test.db.query<{ n: number }>('select count(*)::int as n from realtime.messages');
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
    await test.db.exec('drop table send_survivor');
  });

  it.runIf(target.name === 'postgres')('the WARNING names the failure as Supabase does', async () => {
    const client = await connect(test.url!);
    const notices: string[] = [];
    client.on('notice', (notice) => notices.push(`${notice.severity}: ${notice.message}`));
    try {
      await client.query(`select realtime.send('{}'::jsonb, 'e', 'lost', false)`);
    } finally {
      await client.end();
    }
    expect(notices).toEqual([
      expect.stringMatching(
        /^WARNING: ErrorSendingBroadcastMessage: new row for relation "messages" violates check constraint "refuses_lost"/,
      ),
    ]);
  });

  it("realtime.send runs with its caller's rights, as Supabase defines it", async () => {
    const { rows } = await test.db.query<{ definer: boolean }>(
      `select prosecdef as definer from pg_proc where oid = 'realtime.send(jsonb, text, text, boolean)'::regprocedure`,
    );
    expect(rows).toEqual([{ definer: false }]);
  });
});
