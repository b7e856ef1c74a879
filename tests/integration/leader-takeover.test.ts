import 'fake-indexeddb/auto';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../server/local-server.ts';
import { createWorkerHost, type SyncWorkerApi } from '../../src/engine/worker-host.ts';
import { createMemoryLocks } from '../../src/engine/memory-locks.ts';
import { createSupabaseRemote } from '../../src/engine/supabase-remote.ts';
import { openClinicDb } from '../../src/engine/local-db.ts';
import { mutate } from '../../src/engine/write-api.ts';
import { newId, signIn } from '../support/sync-client.ts';

/**
 * Two "tabs" (two worker hosts in one process sharing one lock manager, one IndexedDB and a
 * BroadcastChannel, as the tabs of one browser profile do): one leads, the other forwards; when
 * the leader goes, the other takes over and keeps syncing.
 */
let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer({});
});
afterAll(async () => {
  await server.close();
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('one leader per profile', () => {
  it('only one host syncs; the other forwards; takeover when the leader leaves', async () => {
    const locks = createMemoryLocks();
    const databaseName = `tabs-${crypto.randomUUID()}`;
    const token = await signIn(server);
    const host = (): SyncWorkerApi =>
      createWorkerHost({
        locks,
        createRemote: (config, accessToken) =>
          createSupabaseRemote({
            url: config.supabaseUrl,
            anonKey: config.anonKey,
            accessToken,
            transport: WebSocket,
          }),
      });
    const config = { supabaseUrl: server.url, anonKey: server.anonKey, databaseName, accessToken: token };
    const first = host();
    const second = host();
    await first.configure(config);
    await second.configure(config);
    await waitFor(async () => (await first.getStatus()).leader);
    expect((await second.getStatus()).leader).toBe(false);

    const forwarded = await second.syncNow();
    expect(forwarded.leader).toBe(false);
    expect(forwarded.cursor).toBeGreaterThan(0);

    const page = await openClinicDb(databaseName);
    const id = newId();
    await mutate(page, 'patients', 'insert', id, { full_name: 'Escrito na aba 2' });
    await waitFor(async () => ((await page.rows('patients').get(id))?.rev ?? 0) > 0);

    await first.close();
    await waitFor(async () => (await second.getStatus()).leader);
    const after = newId();
    await mutate(page, 'patients', 'insert', after, { full_name: 'Depois da troca de líder' });
    await waitFor(async () => ((await page.rows('patients').get(after))?.rev ?? 0) > 0);
    const { rows } = await server.db.query(
      'select full_name from patients where id = any($1::uuid[]) order by full_name',
      [[id, after]],
    );
    expect(rows).toEqual([{ full_name: 'Depois da troca de líder' }, { full_name: 'Escrito na aba 2' }]);
    page.close();
    await second.close();
  });
});
