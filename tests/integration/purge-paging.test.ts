import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../server/local-server.ts';
import { newId, startSyncClient, syncUntilQuiet, type SyncClient } from '../support/sync-client.ts';
import { localDigest } from '../../src/engine/integrity-check.ts';
import { readPullState } from '../../src/engine/sync-state.ts';
import { syncedTableNames } from '../../src/core/synced-tables.ts';

/**
 * A pull `reset` after a purge, with pages small enough that many of them lie below the purge
 * horizon: the pull from 0 sends the horizon each page answered (`known_horizon`), so it is reset
 * once and then completes instead of being told to start over on every second page.
 */
const pageSize = 20;
let server: LocalServer;
let client: SyncClient;

beforeAll(async () => {
  server = await startLocalServer({});
  client = await startSyncClient(server, { name: 'purge-paging', pageSize });
  await syncUntilQuiet(client);
});
afterAll(async () => {
  await client.close();
  await server.close();
});

async function serverDigests(): Promise<Record<string, unknown>> {
  const digests: Record<string, unknown> = {};
  for (const table of syncedTableNames) {
    const result = await server.db.query<{ d: { count: number; max_rev: number | null; hash: string } }>(
      'select sync_digest($1) as d',
      [table],
    );
    const d = result.rows[0]?.d;
    digests[table] = { count: d?.count, maxRev: d?.max_rev ?? 0, hash: d?.hash };
  }
  return digests;
}

async function clientDigests(): Promise<Record<string, unknown>> {
  const digests: Record<string, unknown> = {};
  for (const table of syncedTableNames) {
    const d = await localDigest(client.db, table);
    digests[table] = { count: d.count, maxRev: d.max_rev, hash: d.hash };
  }
  return digests;
}

describe('paged pull after a purge', () => {
  it('is reset exactly once, then pulls every page below the horizon and ends equal to the server', async () => {
    await client.engine.stop();
    const rowCount = 6 * pageSize;
    await server.db.query(
      `insert into patients (id, full_name, document_type, phone, branch_id)
       select gen_random_uuid(), 'Paciente ' || g, 'CPF', '+5511988887777', 'b0000000-0000-4000-8000-000000000001'
         from generate_series(1, $1::int) g`,
      [rowCount],
    );
    const doomed = newId();
    await server.db.query(
      `insert into patients (id, full_name, document_type, phone, branch_id)
       values ($1, 'Será expurgado', 'CPF', '+5511988887777', 'b0000000-0000-4000-8000-000000000001')`,
      [doomed],
    );
    await server.db.query('delete from patients where id = $1', [doomed]);
    const purged = await server.db.query<{ r: { purge_horizon: number } }>(
      `select sync_purge_tombstones('0 seconds'::interval) as r`,
    );
    const horizon = purged.rows[0]?.r.purge_horizon ?? 0;
    const below = await server.db.query<{ n: number }>(
      `select count(*)::int as n from patients where rev < $1`,
      [horizon],
    );
    expect(below.rows[0]?.n ?? 0).toBeGreaterThan(3 * pageSize);
    expect((await readPullState(client.db)).cursor).toBeLessThan(horizon);

    const resetsBefore = await client.db.audit.where('kind').equals('reset').count();
    await client.engine.start();
    await syncUntilQuiet(client);

    expect(await client.db.audit.where('kind').equals('reset').count()).toBe(resetsBefore + 1);
    const state = await readPullState(client.db);
    expect(state.knownHorizon).toBe(horizon);
    expect(state.cursor).toBeGreaterThanOrEqual(horizon);
    expect(await client.db.rows('patients').get(doomed)).toBeUndefined();
    expect(await clientDigests()).toEqual(await serverDigests());

    // The next pulls are quiet: no further reset.
    await client.api.syncNow();
    expect(await client.db.audit.where('kind').equals('reset').count()).toBe(resetsBefore + 1);
  }, 60_000);
});
