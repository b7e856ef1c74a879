import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../server/local-server.ts';
import { createPostgres, type TestDatabase } from '../support/test-databases.ts';
import { newId, startSyncClient, syncUntilQuiet, type SyncClient } from '../support/sync-client.ts';

/**
 * A transaction left open on the server (a console session in BEGIN) holds every later commit
 * back from pulls until it ends (DESIGN §3.1). Devices must say so, and must get the held rows
 * once it ends even though its end sends no poke. Concurrent sessions: PostgreSQL only.
 */
const url = process.env['TEST_DATABASE_URL'];

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!url)('a commit held back by an open transaction', () => {
  let test: TestDatabase;
  let server: LocalServer;
  let writer: SyncClient;
  let reader: SyncClient;

  beforeAll(async () => {
    test = await createPostgres(url ?? '');
    server = await startLocalServer({ databaseUrl: test.url ?? '' });
    writer = await startSyncClient(server, { name: 'writer' });
    // No poll during the test: whatever reaches the reader comes from pokes and held-back retries.
    reader = await startSyncClient(server, { name: 'reader', config: { pollIntervalMs: 600_000 } });
    await syncUntilQuiet(writer);
    await syncUntilQuiet(reader);
  });
  afterAll(async () => {
    await writer.close();
    await reader.close();
    await server.close();
    await test.drop();
  });

  it('is shown on the device while held, and arrives after the holder ends without a poke', async () => {
    const holder = new pg.Client({ connectionString: test.url });
    await holder.connect();
    try {
      await holder.query('begin');
      // An id of its own, and no synced row: its commit will poke nobody.
      await holder.query('select pg_current_xact_id()');
      const id = newId();
      expect((await writer.write('patients', 'insert', id, { full_name: 'Paciente Retida' })).ok).toBe(true);
      await syncUntilQuiet(writer);
      const hold = await until(
        'the reader to report the hold',
        async () => (await reader.api.getStatus()).serverHold ?? undefined,
        15_000,
      );
      expect(hold.forMs).toBeGreaterThanOrEqual(5_000);
      expect(await reader.db.rows('patients').get(id)).toBeUndefined();

      await holder.query('commit');
      const arrived = await until(
        'the held row to reach the reader',
        async () => reader.db.rows('patients').get(id),
        20_000,
      );
      expect(arrived.full_name).toBe('Paciente Retida');
      expect((await reader.api.getStatus()).serverHold).toBeNull();
    } finally {
      await holder.end();
    }
  }, 60_000);
});
