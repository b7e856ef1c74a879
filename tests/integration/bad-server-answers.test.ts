import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../server/local-server.ts';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';
import { newId, startSyncClient, syncUntilQuiet, type SyncClient } from '../support/sync-client.ts';
import { syncedTableNames } from '../../src/core/synced-tables.ts';

/**
 * A server that answers nonsense (not JSON, the wrong shape, revs going backwards, results for
 * other mutations) puts the engine in its error state and changes no local data: the rows, the
 * cursor and the outbox (same mids, back to pending) stay as they were.
 */
let server: LocalServer;
let proxy: FaultProxy;
let client: SyncClient;

beforeAll(async () => {
  server = await startLocalServer({});
  proxy = await startFaultProxy(server.url);
  client = await startSyncClient(server, { name: 'lied-to', url: proxy.url });
  await syncUntilQuiet(client);
});
afterAll(async () => {
  await client.close();
  await proxy.close();
  await server.close();
});

const serverTime = new Date().toISOString();
const someId = '00000000-0000-4000-8000-00000000abcd';

async function snapshot(): Promise<string> {
  const counts = await Promise.all(syncedTableNames.map((table) => client.db.rows(table).count()));
  const patients = await client.db.rows('patients').orderBy('id').toArray();
  const outbox = (await client.db.outbox.toArray()).map((entry) => [entry.mid, entry.data]);
  const cursor = await client.db.sync_state.get('pull');
  return JSON.stringify({ counts, patients, outbox, cursor: cursor?.key === 'pull' ? cursor.cursor : null });
}

function lieOn(rpc: 'sync_pull' | 'sync_push', body: (cursor: number) => string, status = 200): void {
  proxy.setPolicy((request) =>
    request.path.startsWith(`/rest/v1/rpc/${rpc}`)
      ? { kind: 'answer', status, body: body(cursorNow) }
      : { kind: 'pass' },
  );
}
let cursorNow = 0;

const pullLies: Array<[string, (cursor: number) => string]> = [
  ['not JSON', () => '<html>gateway timeout</html>'],
  ['wrong shape', () => JSON.stringify({ rows: [] })],
  [
    'a change for an unknown table',
    (cursor) =>
      JSON.stringify({
        changes: [{ table: 'salaries', row: { id: someId, rev: cursor + 1, deleted_at: null } }],
        cursor: cursor + 1,
        has_more: false,
        reset: false,
        server_time: serverTime,
      }),
  ],
  [
    'revs going backwards',
    (cursor) =>
      JSON.stringify({
        changes: [
          { table: 'patients', row: { id: someId, rev: cursor + 5, deleted_at: null, full_name: 'X' } },
          { table: 'patients', row: { id: someId, rev: cursor + 2, deleted_at: null, full_name: 'Y' } },
        ],
        cursor: cursor + 5,
        has_more: false,
        reset: false,
        server_time: serverTime,
      }),
  ],
  [
    'a cursor below what was asked',
    (cursor) =>
      JSON.stringify({
        changes: [],
        cursor: Math.max(0, cursor - 10),
        has_more: false,
        reset: false,
        server_time: serverTime,
      }),
  ],
  [
    'a row without a rev',
    (cursor) =>
      JSON.stringify({
        changes: [{ table: 'patients', row: { id: someId, deleted_at: null } }],
        cursor: cursor + 1,
        has_more: false,
        reset: false,
        server_time: serverTime,
      }),
  ],
];

describe('bad server answers', () => {
  it.each(pullLies)('pull answered with %s: error state, nothing changed', async (_name, lie) => {
    cursorNow = (await client.api.getStatus()).cursor;
    const before = await snapshot();
    lieOn('sync_pull', lie);
    const status = await client.api.syncNow();
    expect(status.connection).toBe('error');
    expect(status.lastError).toMatch(/bad server answer/);
    expect(await snapshot()).toBe(before);
    expect(await client.db.rows('patients').get(someId)).toBeUndefined();
    proxy.setPolicy(() => ({ kind: 'pass' }));
    await syncUntilQuiet(client);
  });

  const pushLies: Array<[string, string]> = [
    ['not JSON', 'Internal error'],
    ['results for other mutations', JSON.stringify([{ mid: someId, status: 'applied', rev: 99, row: null }])],
    ['an unknown status', JSON.stringify({ results: [{ mid: someId, status: 'maybe' }] })],
  ];

  it.each(pushLies)(
    'push answered with %s: the edit stays queued under the same mid',
    async (_name, body) => {
      const id = newId();
      lieOn('sync_push', () => body);
      const written = await client.write('patients', 'insert', id, {
        full_name: 'Paciente da resposta ruim',
      });
      expect(written.ok).toBe(true);
      const mid = written.ok ? written.mid : null;
      const status = await client.api.syncNow();
      // The write also schedules a push of its own, and a failed push is retried with backoff:
      // wait for a moment when no attempt is in flight rather than for a fixed time.
      const settled = async () => {
        const deadline = Date.now() + 10_000;
        for (;;) {
          const found = await client.db.outbox
            .where('mid')
            .equals(mid ?? '')
            .first();
          if (found?.state !== 'sending' || Date.now() > deadline) return found;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      };
      const entry = await settled();
      expect(entry).toMatchObject({ state: 'pending', rowId: id });
      expect(entry?.lastError?.code).toMatch(/protocol-error|server-error/);
      expect(status.pending).toBeGreaterThanOrEqual(1);
      expect((await client.db.rows('patients').get(id))?.rev).toBe(0);
      proxy.setPolicy(() => ({ kind: 'pass' }));
      await syncUntilQuiet(client);
      expect((await client.db.rows('patients').get(id))?.rev).toBeGreaterThan(0);
      const { rows } = await server.db.query('select 1 from patients where id = $1', [id]);
      expect(rows).toHaveLength(1);
    },
  );

  it('five failures in a row raise the alert (status and audit), the next success clears it', async () => {
    lieOn('sync_pull', () => 'not json at all');
    for (let i = 0; i < 5; i += 1) await client.api.syncNow();
    const alerted = await client.api.getStatus();
    expect(alerted).toMatchObject({ alert: true, connection: 'error' });
    expect(alerted.consecutiveErrors).toBeGreaterThanOrEqual(5);
    expect(await client.db.audit.where('kind').equals('alert').count()).toBeGreaterThanOrEqual(1);
    proxy.setPolicy(() => ({ kind: 'pass' }));
    await syncUntilQuiet(client);
    expect(await client.api.getStatus()).toMatchObject({
      alert: false,
      consecutiveErrors: 0,
      connection: 'online',
    });
    expect(await client.db.audit.where('kind').equals('alert-cleared').count()).toBeGreaterThanOrEqual(1);
  });
});
