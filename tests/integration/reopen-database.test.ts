import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../server/local-server.ts';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';
import { newId, startSyncClient, syncUntilQuiet } from '../support/sync-client.ts';

let server: LocalServer;
let proxy: FaultProxy;

beforeAll(async () => {
  server = await startLocalServer({});
  proxy = await startFaultProxy(server.url);
});
afterAll(async () => {
  await proxy.close();
  await server.close();
});

async function serverNames(prefix: string): Promise<string[]> {
  const { rows } = await server.db.query<{ full_name: string }>(
    'select full_name from patients where full_name like $1 order by full_name',
    [`${prefix}%`],
  );
  return rows.map((row) => row.full_name);
}

describe('closing the app between a write and its push', () => {
  it('loses nothing written before the close', async () => {
    const databaseName = `reopen-${crypto.randomUUID()}`;
    const first = await startSyncClient(server, { name: 'first', databaseName, start: false });
    const names = Array.from({ length: 20 }, (_, i) => `Reaberto ${String(i).padStart(2, '0')}`);
    for (const name of names) await first.write('patients', 'insert', newId(), { full_name: name });
    await first.close({ keepDatabase: true });
    expect(await serverNames('Reaberto ')).toEqual([]);

    const second = await startSyncClient(server, { name: 'second', databaseName });
    await syncUntilQuiet(second);
    expect(await serverNames('Reaberto ')).toEqual(names);
    await second.close();
  });

  it('re-sends a batch that was in flight when the app closed, under the same ids, applied once', async () => {
    const databaseName = `in-flight-${crypto.randomUUID()}`;
    const first = await startSyncClient(server, { name: 'first', databaseName, url: proxy.url });
    await syncUntilQuiet(first);
    // The push reaches the server, which commits, but the page is gone before the answer.
    proxy.setPolicy((request) =>
      request.path.startsWith('/rest/v1/rpc/sync_push') ? { kind: 'delay', delayMs: 400 } : { kind: 'pass' },
    );
    // Written while the loop is stopped, so the ten leave together in one batch (a running loop
    // pushes the first edit at once and the rest behind it).
    await first.engine.stop();
    const ids = Array.from({ length: 10 }, newId);
    for (const [i, id] of ids.entries())
      await first.write('patients', 'insert', id, { full_name: `Em voo ${i}` });
    await first.engine.start();
    await waitFor(async () => (await first.db.outbox.where('state').equals('sending').count()) === 10);
    const sentMids = (await first.db.outbox.toArray()).map((entry) => entry.mid).sort();
    await first.close({ keepDatabase: true });
    await waitFor(async () => (await serverNames('Em voo ')).length === 10);

    proxy.setPolicy(() => ({ kind: 'pass' }));
    const second = await startSyncClient(server, { name: 'second', databaseName, url: proxy.url });
    await syncUntilQuiet(second);
    const { rows } = await server.db.query<{ mid: string; status: string }>(
      'select mid::text as mid, status from sync.mutations where row_id = any($1::uuid[]) order by mid',
      [ids],
    );
    expect(rows.map((row) => row.mid)).toEqual(sentMids);
    expect(rows.every((row) => row.status === 'applied')).toBe(true);
    expect(await second.db.outbox.count()).toBe(0);
    for (const id of ids) expect((await second.db.rows('patients').get(id))?.rev).toBeGreaterThan(0);
    await second.close();
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
