import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../server/db/migrate.ts';
import { pruneRealtimeMessages } from '../../server/realtime/message-retention.ts';
import { testTargets, type TestDatabase } from '../support/test-databases.ts';

/** Old realtime messages are deleted in short batches; anything within the retention stays. */
describe.each(testTargets())('realtime message retention on $name', (target) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await target.create();
    await prepareDatabase(test.db, { seed: false });
  });
  afterAll(async () => {
    await test.drop();
  });

  const count = async (where: string) =>
    (await test.db.query<{ n: number }>(`select count(*)::int as n from realtime.messages where ${where}`))
      .rows[0]?.n;

  it('deletes messages past the retention, more than one batch of them, and keeps the rest', async () => {
    await test.db.exec(`
      insert into realtime.messages (topic, extension, event, payload, inserted_at)
        select 'sync', 'broadcast', 'poke', jsonb_build_object('rev', n), now()::timestamp - interval '4 days'
          from generate_series(1, 12001) n;
      insert into realtime.messages (topic, extension, event, payload, inserted_at)
        select 'sync', 'broadcast', 'poke', jsonb_build_object('rev', n), now()::timestamp - interval '71 hours'
          from generate_series(1, 3) n;
    `);
    // A message sent now, as the poke of a synced write sends it.
    await test.db.query(`select realtime.send('{"rev": 1}'::jsonb, 'poke', 'sync', true)`);

    expect(await pruneRealtimeMessages(test.db, 72)).toBe(12001);
    expect(await count('true')).toBe(4);
    expect(await count(`inserted_at < now()::timestamp - interval '72 hours'`)).toBe(0);
    // Nothing left to delete: a second run deletes nothing.
    expect(await pruneRealtimeMessages(test.db, 72)).toBe(0);
  });
});
