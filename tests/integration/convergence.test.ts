import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../server/local-server.ts';
import { mulberry32, startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';
import { startSyncClient, syncUntilQuiet, type SyncClient } from '../support/sync-client.ts';
import { localDigest } from '../../src/engine/integrity-check.ts';

/**
 * Three devices (reception, doctor, admin) edit the same patients while their links come and go
 * at random. Edits touch last-writer-wins columns, so no person has to decide anything; at the
 * end every device's copy must prove equal to the server's, table by table (`sync_digest`).
 */
const SEED = 4242;
const ROUNDS = 12;

let server: LocalServer;
const proxies: FaultProxy[] = [];

beforeAll(async () => {
  server = await startLocalServer({});
});
afterAll(async () => {
  await Promise.all(proxies.map((proxy) => proxy.close()));
  await server.close();
});

describe('devices with random offline windows', () => {
  it('end with equal digests everywhere', async () => {
    const random = mulberry32(SEED);
    const emails = ['recepcao@clinica.example', 'medica@clinica.example', 'admin@clinica.example'];
    const clients: SyncClient[] = [];
    for (const [i, email] of emails.entries()) {
      const proxy = await startFaultProxy(server.url);
      proxies.push(proxy);
      const client = await startSyncClient(server, { name: `device-${i}`, email, url: proxy.url });
      await syncUntilQuiet(client);
      clients.push(client);
    }
    const patientIds = (await clients[0]!.db.rows('patients').limit(40).primaryKeys()).sort();
    const columns = ['phone', 'notes'] as const;

    for (let round = 0; round < ROUNDS; round += 1) {
      for (const [i, client] of clients.entries()) {
        proxies[i]!.setOffline(random() < 0.4);
        for (let n = 0; n < 8; n += 1) {
          const id = patientIds[Math.floor(random() * patientIds.length)]!;
          const column = columns[Math.floor(random() * columns.length)]!;
          const value =
            column === 'phone'
              ? `+55119${String(Math.floor(random() * 1e8)).padStart(8, '0')}`
              : `${client.name} r${round} n${n}`;
          const result = await client.write('patients', 'update', id, { [column]: value });
          expect(result.ok).toBe(true);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 30 + Math.floor(random() * 120)));
    }

    for (const proxy of proxies) proxy.setOffline(false);
    for (let pass = 0; pass < 2; pass += 1) for (const client of clients) await syncUntilQuiet(client);

    for (const client of clients) {
      const report = await client.api.runIntegrityCheck();
      const differing = report.tables.filter((table) => table.state !== 'ok');
      expect(differing, client.name).toEqual([]);
      expect((await client.api.getStatus()).conflicts).toBe(0);
    }
    const patientDigests = await Promise.all(clients.map((client) => localDigest(client.db, 'patients')));
    expect(new Set(patientDigests.map((digest) => digest.hash)).size).toBe(1);
    const rowsEverywhere = await Promise.all(
      clients.map((client) => client.db.rows('patients').bulkGet(patientIds)),
    );
    for (const [i, id] of patientIds.entries()) {
      const versions = rowsEverywhere.map((rows) =>
        JSON.stringify(columns.map((column) => rows[i]?.[column] ?? null)),
      );
      expect(new Set(versions).size, id).toBe(1);
    }
    await Promise.all(clients.map((client) => client.close()));
  });
});
