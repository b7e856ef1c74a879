import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPostgres } from '../support/test-databases.ts';
import { startLocalServer, type LocalServerOptions } from '../../server/local-server.ts';

interface Backing {
  readonly name: string;
  open(): Promise<{ options: Pick<LocalServerOptions, 'databaseUrl'>; drop(): Promise<void> }>;
}

const backings: Backing[] = [{ name: 'pglite', open: async () => ({ options: {}, drop: async () => {} }) }];
const url = process.env['TEST_DATABASE_URL'];
if (url) {
  backings.push({
    name: 'postgres',
    async open() {
      const database = await createPostgres(url);
      return { options: { databaseUrl: database.url! }, drop: () => database.drop() };
    },
  });
}

const userCount = async (server: { db: { query: <R>(sql: string) => Promise<{ rows: R[] }> } }) =>
  (
    await server.db.query<{ n: number }>(
      `select count(*)::int as n from auth.users where email = 'keep@clinica.example'`,
    )
  ).rows[0]!.n;

describe.each(backings)('restart and --reset on $name', (backing) => {
  it('keeps data, keys and stored objects across a restart, and --reset starts empty', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'reset-test-'));
    const backend = await backing.open();
    try {
      const first = await startLocalServer({ ...backend.options, dataDir, seed: false, port: 0 });
      const headers = {
        apikey: first.serviceRoleKey,
        authorization: `Bearer ${first.serviceRoleKey}`,
        'content-type': 'application/json',
      };
      await fetch(`${first.url}/auth/v1/admin/users`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ email: 'keep@clinica.example', password: 'keep-pw' }),
      });
      await fetch(`${first.url}/storage/v1/bucket`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: 'kept' }),
      });
      const uploaded = await fetch(`${first.url}/storage/v1/object/kept/a.txt`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'text/plain' },
        body: 'kept bytes',
      });
      expect(uploaded.status).toBe(200);
      const anonKey = first.anonKey;
      await first.close();

      const second = await startLocalServer({ ...backend.options, dataDir, seed: false, port: 0 });
      expect(second.anonKey).toBe(anonKey);
      expect(await userCount(second)).toBe(1);
      const download = await fetch(`${second.url}/storage/v1/object/kept/a.txt`, {
        headers: { authorization: `Bearer ${second.serviceRoleKey}` },
      });
      expect(await download.text()).toBe('kept bytes');
      await second.close();

      const reset = await startLocalServer({
        ...backend.options,
        dataDir,
        seed: false,
        reset: true,
        port: 0,
      });
      expect(await userCount(reset)).toBe(0);
      const buckets = await reset.db.query<{ n: number }>(
        'select count(*)::int as n from storage.buckets where id = $1',
        ['kept'],
      );
      expect(buckets.rows[0]!.n).toBe(0);
      expect(await stat(join(dataDir, 'storage', 'objects')).then((s) => s.isDirectory())).toBe(true);
      await reset.close();
    } finally {
      await backend.drop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
