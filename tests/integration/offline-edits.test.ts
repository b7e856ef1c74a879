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

describe('offline edits', () => {
  it('reach the server once when the link comes back', async () => {
    const client = await startSyncClient(server, { name: 'offline', url: proxy.url });
    await syncUntilQuiet(client);
    proxy.setOffline(true);
    const ids = Array.from({ length: 30 }, newId);
    for (const [i, id] of ids.entries()) {
      expect((await client.write('patients', 'insert', id, { full_name: `Paciente Offline ${i}` })).ok).toBe(
        true,
      );
    }
    const offline = await client.api.syncNow();
    expect(offline.connection).toBe('offline');
    expect(offline.pending).toBe(30);
    // Depending on whether an insert was already handed to the network (its mid frozen), these
    // edits fold into it or queue behind it; either way the server must end up with the intent.
    for (const id of ids.slice(0, 10))
      await client.write('patients', 'update', id, { phone: '+5511988887777' });
    for (const id of ids.slice(10, 15)) await client.write('patients', 'delete', id);

    proxy.setOffline(false);
    await syncUntilQuiet(client);
    const { rows } = await server.db.query<{
      id: string;
      phone: string | null;
      deleted_at: string | null;
      rev: number;
    }>(`select id, phone, deleted_at, rev from patients where full_name like 'Paciente Offline %'`);
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const id of ids.slice(0, 10))
      expect(byId.get(id)).toMatchObject({ phone: '+5511988887777', deleted_at: null });
    // A deleted row either never reached the server (insert and delete cancelled while unsent)
    // or reached it and was deleted there.
    for (const id of ids.slice(10, 15)) expect(byId.get(id)?.deleted_at ?? 'never sent').not.toBeNull();
    for (const id of ids.slice(15)) expect(byId.get(id)).toMatchObject({ phone: null, deleted_at: null });
    const inserts = await server.db.query<{ row_id: string; n: number }>(
      `select row_id, count(*)::int as n from sync.mutations where row_id = any($1::uuid[]) and op = 'insert' and status = 'applied' group by row_id`,
      [ids],
    );
    expect(inserts.rows.every((row) => row.n === 1)).toBe(true);
    expect(inserts.rows.length).toBe(rows.length);
    for (const row of rows) expect((await client.db.rows('patients').get(row.id))?.rev).toBe(row.rev);
    const status = await client.api.getStatus();
    expect(status).toMatchObject({ pending: 0, failed: 0, conflicts: 0, connection: 'online' });
    await client.close();
  });

  it('a full batch of 200 results settles in one transaction, first time', async () => {
    const client = await startSyncClient(server, { name: 'batch', start: false, batchSize: 200 });
    const ids = Array.from({ length: 450 }, newId);
    for (const [i, id] of ids.entries())
      await client.write('patients', 'insert', id, { full_name: `Lote ${i}` });
    await client.engine.start();
    await syncUntilQuiet(client);
    const pushes = await client.db.metrics.where('kind').equals('push').toArray();
    expect(pushes.every((cycle) => cycle.ok)).toBe(true);
    expect(pushes.reduce((sum, cycle) => sum + cycle.rows, 0)).toBe(450);
    const { rows } = await server.db.query<{ n: number }>(
      `select count(*)::int as n from patients where full_name like 'Lote %'`,
    );
    expect(rows[0]?.n).toBe(450);
    await client.close();
  });

  it('ends at the head after its own writes, pulling each range once, every write applied once', async () => {
    const writer = await startSyncClient(server, { name: 'writer', start: false, batchSize: 100 });
    const reader = await startSyncClient(server, { name: 'reader' });
    await syncUntilQuiet(reader);
    const ids = Array.from({ length: 350 }, newId);
    for (const [i, id] of ids.entries())
      await writer.write('patients', 'insert', id, { full_name: `Própria ${i}` });
    // Every pull request, counted: a pull started from a stale cursor would be asked twice.
    let pullRequests = 0;
    const pull = writer.remote.pull.bind(writer.remote);
    Object.assign(writer.remote, {
      pull: (...args: Parameters<typeof pull>) => {
        pullRequests += 1;
        return pull(...args);
      },
    });
    await writer.engine.start();
    await syncUntilQuiet(writer);
    const head = (await server.db.query<{ rev: number }>('select sync.last_rev() as rev')).rows[0]?.rev;
    // Nothing is open on the server: the cursor stands at the settled mark, the top of the revs.
    expect((await writer.api.getStatus()).cursor).toBe(head);
    const pulls = await writer.db.metrics.where('kind').equals('pull').toArray();
    // One request per pull: each starts from the cursor the push left, without asking again.
    expect(pullRequests).toBe(pulls.length);
    const pushedAt = (await writer.db.metrics.where('kind').equals('push').first())?.at ?? '';
    expect(pulls.filter((cycle) => cycle.at >= pushedAt).length).toBeGreaterThan(0);
    // The cursor passes a push's own rows only when they are exactly the next revs (core
    // cursorAfterPush); any transaction id taken between the pull and the push (a realtime channel
    // authorization takes one) puts them above a gap, and the writer pulls them back: bytes, never
    // a wrong row, as the revs below show.
    for (const id of ids.slice(0, 5)) {
      const { rows } = await server.db.query<{ rev: number }>('select rev from patients where id = $1', [id]);
      expect((await writer.db.rows('patients').get(id))?.rev).toBe(rows[0]?.rev);
    }
    await syncUntilQuiet(reader);
    for (const id of ids) expect(await reader.db.rows('patients').get(id)).toBeDefined();
    const applied = await server.db.query<{ n: number }>(
      `select count(*)::int as n from sync.mutations where row_id = any($1::uuid[]) and status = 'applied'`,
      [ids],
    );
    expect(applied.rows[0]?.n).toBe(350);
    await writer.close();
    await reader.close();
  });
});
