import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyBaseline, applyMigrations, listMigrations } from '../../server/db/migrate.ts';
import { testTargets, type TestDatabase } from '../support/test-databases.ts';

describe.each(testTargets())('migrate on $name', (target) => {
  let test: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    test = await target.create();
    dir = await mkdtemp(join(tmpdir(), 'migrations-'));
    await writeFile(join(dir, '20260101000000_create_a.sql'), 'create table a (id int primary key);');
    await writeFile(join(dir, '20260101000100_create_b.sql'), 'create table b (id int references a);');
    await writeFile(join(dir, 'README.md'), 'not a migration');
  });
  afterAll(async () => {
    await test.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('applies the baseline twice without error and provides what Supabase provides', async () => {
    await applyBaseline(test.db);
    await applyBaseline(test.db);
    const roles = await test.db.query<{ rolname: string; rolbypassrls: boolean }>(
      `select rolname, rolbypassrls from pg_roles where rolname in ('anon','authenticated','service_role','authenticator') order by rolname`,
    );
    expect(roles.rows).toEqual([
      { rolname: 'anon', rolbypassrls: false },
      { rolname: 'authenticated', rolbypassrls: false },
      { rolname: 'authenticator', rolbypassrls: false },
      { rolname: 'service_role', rolbypassrls: true },
    ]);
    const claims = JSON.stringify({ sub: '11111111-1111-1111-1111-111111111111', role: 'authenticated' });
    const who = await test.db.transaction(async (tx) => {
      await tx.query(`select set_config('request.jwt.claims', $1, true)`, [claims]);
      return tx.query<{ uid: string; role: string }>('select auth.uid()::text as uid, auth.role() as role');
    });
    expect(who.rows[0]).toEqual({ uid: '11111111-1111-1111-1111-111111111111', role: 'authenticated' });
    const hashed = await test.db.query<{ ok: boolean }>(
      `select extensions.crypt('pw', extensions.crypt('pw', extensions.gen_salt('bf'))) like '$2a$%' as ok`,
    );
    expect(hashed.rows[0]?.ok).toBe(true);
  });

  it('realtime.send stores the message, its payload carrying the message id as on Supabase', async () => {
    await test.db.query(`select realtime.send('{"rev":1}'::jsonb, 'poke', 'sync', false)`);
    const sent = await test.db.query<{ id: string; topic: string; event: string; payload: unknown }>(
      'select id, topic, event, payload from realtime.messages',
    );
    expect(sent.rows).toEqual([
      { id: expect.any(String), topic: 'sync', event: 'poke', payload: { rev: 1, id: sent.rows[0]?.id } },
    ]);
  });

  it('lists only migration files, in order', async () => {
    const migrations = await listMigrations(dir);
    expect(migrations.map((m) => `${m.version}_${m.name}`)).toEqual([
      '20260101000000_create_a',
      '20260101000100_create_b',
    ]);
  });

  it('applies each migration once and records it once', async () => {
    expect(await applyMigrations(test.db, dir)).toEqual(['20260101000000', '20260101000100']);
    expect(await applyMigrations(test.db, dir)).toEqual([]);
    const recorded = await test.db.query<{ version: string; name: string }>(
      'select version, name from supabase_migrations.schema_migrations order by version',
    );
    expect(recorded.rows).toEqual([
      { version: '20260101000000', name: 'create_a' },
      { version: '20260101000100', name: 'create_b' },
    ]);
  });

  it('leaves nothing behind when a migration fails, and records nothing for it', async () => {
    await writeFile(join(dir, '20260101000200_broken.sql'), 'create table c (id int); select 1/0;');
    await expect(applyMigrations(test.db, dir)).rejects.toThrow(/division by zero/);
    const table = await test.db.query(`select 1 from information_schema.tables where table_name = 'c'`);
    expect(table.rows).toEqual([]);
    const recorded = await test.db.query(
      `select 1 from supabase_migrations.schema_migrations where version = '20260101000200'`,
    );
    expect(recorded.rows).toEqual([]);
  });
});
