import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../server/local-server.ts';
import { randomFaults, startFaultProxy, mulberry32, type FaultProxy } from '../support/fault-proxy.ts';
import { newId, startSyncClient, syncUntilQuiet, type SyncClient } from '../support/sync-client.ts';

/**
 * Over a link that drops requests, drops answers after the server committed, answers 500 before
 * or after committing, delays, and cuts the realtime websocket, two devices make 1,200 edits. At
 * the end the server holds every edit exactly once: the set of mutation ids the server applied is
 * exactly the set of outbox entries the devices created (none lost, none applied twice, no edit
 * re-sent under a second id), and every row ends with its last written values.
 */
const SEED = 20261122;
const ROWS_PER_CLIENT = 150;
const UPDATES_PER_CLIENT = 450;

let server: LocalServer;
const proxies: FaultProxy[] = [];

beforeAll(async () => {
  server = await startLocalServer({});
});
afterAll(async () => {
  await Promise.all(proxies.map((proxy) => proxy.close()));
  await server.close();
});

interface Workload {
  readonly client: SyncClient;
  readonly mids: Set<string>;
  readonly finalNotes: Map<string, string>;
}

async function runWorkload(client: SyncClient, seed: number): Promise<Workload> {
  const random = mulberry32(seed);
  const mids = new Set<string>();
  const finalNotes = new Map<string, string>();
  const ids = Array.from({ length: ROWS_PER_CLIENT }, newId);
  for (const [i, id] of ids.entries()) {
    const result = await client.write('patients', 'insert', id, {
      full_name: `Rede Instável ${client.name} ${i}`,
    });
    if (!result.ok || result.mid === null) throw new Error(`insert refused: ${JSON.stringify(result)}`);
    mids.add(result.mid);
    if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  for (let n = 0; n < UPDATES_PER_CLIENT; n += 1) {
    const id = ids[Math.floor(random() * ids.length)] ?? ids[0]!;
    const notes = `${client.name} edit ${n}`;
    const result = await client.write('patients', 'update', id, { notes });
    if (!result.ok || result.mid === null) throw new Error(`update refused: ${JSON.stringify(result)}`);
    mids.add(result.mid);
    finalNotes.set(id, notes);
    if (n % 15 === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { client, mids, finalNotes };
}

describe('a faulty network', () => {
  it('loses and duplicates nothing over 1,200 edits', async () => {
    const clients: SyncClient[] = [];
    for (const [i, name] of ['north', 'south'].entries()) {
      const proxy = await startFaultProxy(server.url);
      proxies.push(proxy);
      const client = await startSyncClient(server, { name, url: proxy.url, batchSize: 25 });
      await syncUntilQuiet(client);
      proxy.setPolicy(
        randomFaults(SEED + i, {
          dropRequest: 0.1,
          dropResponse: 0.12,
          error500: 0.05,
          error500AfterCommit: 0.08,
          delay: 0.1,
          maxDelayMs: 80,
        }),
      );
      clients.push(client);
    }
    const cutter = setInterval(() => proxies.forEach((proxy) => proxy.cutWebsockets()), 300);
    const workloads = await Promise.all(clients.map((client, i) => runWorkload(client, SEED * 7 + i)));
    for (const client of clients) await syncUntilQuiet(client, 180_000);
    clearInterval(cutter);

    const injected = proxies.map((proxy) => proxy.injected);
    for (const counts of injected) {
      expect(counts['drop-request']).toBeGreaterThan(0);
      expect(counts['drop-response']).toBeGreaterThan(0);
      expect(counts['error-500-after-commit']).toBeGreaterThan(0);
    }

    for (const { client, mids, finalNotes } of workloads) {
      const applied = await server.db.query<{ mid: string }>(
        `select mid::text as mid from sync.mutations where client_id = $1 and status = 'applied'`,
        [await clientIdOf(client)],
      );
      const appliedMids = new Set(applied.rows.map((row) => row.mid));
      expect(appliedMids.size).toBe(applied.rows.length);
      expect([...mids].filter((mid) => !appliedMids.has(mid))).toEqual([]); // none lost
      expect([...appliedMids].filter((mid) => !mids.has(mid))).toEqual([]); // none re-sent under a new id
      const rows = await server.db.query<{ id: string; notes: string | null }>(
        `select id, notes from patients where full_name like $1`,
        [`Rede Instável ${client.name} %`],
      );
      expect(rows.rows).toHaveLength(ROWS_PER_CLIENT);
      for (const row of rows.rows) expect(row.notes).toBe(finalNotes.get(row.id) ?? null);
      const status = await client.api.getStatus();
      expect(status).toMatchObject({ pending: 0, failed: 0, conflicts: 0 });
    }
    // Edits folded into an unsent entry share its mutation; most edits here still travel alone.
    const mutations = workloads.reduce((sum, workload) => sum + workload.mids.size, 0);
    console.info(
      `faulty network: ${mutations} mutations from 1,200 edits; faults injected: ${JSON.stringify(injected)}`,
    );
    expect(mutations).toBeGreaterThanOrEqual(1_000);
    await Promise.all(clients.map((client) => client.close()));
  });
});

async function clientIdOf(client: SyncClient): Promise<string> {
  const record = await client.db.sync_state.get('client');
  if (record?.key !== 'client') throw new Error('no client id');
  return record.clientId;
}
