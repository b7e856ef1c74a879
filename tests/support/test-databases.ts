import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openPglite, openPostgres, type Database } from '../../server/db/database.ts';

/**
 * The database targets every SQL and server test runs on: PGlite always, and the real PostgreSQL
 * server when TEST_DATABASE_URL is set. Use with `describe.each(testTargets())`.
 */
export interface TestTarget {
  readonly name: 'pglite' | 'postgres';
  /** Creates an empty database of this kind; `drop()` removes it (a no-op for in-memory PGlite). */
  create(): Promise<TestDatabase>;
}

export interface TestDatabase {
  readonly db: Database;
  /** For PostgreSQL, a connection string to the fresh database (so tests can open more connections). */
  readonly url: string | undefined;
  drop(): Promise<void>;
}

export function testTargets(): TestTarget[] {
  const targets: TestTarget[] = [{ name: 'pglite', create: createPglite }];
  const url = process.env['TEST_DATABASE_URL'];
  if (url) targets.push({ name: 'postgres', create: () => createPostgres(url) });
  return targets;
}

async function createPglite(): Promise<TestDatabase> {
  const db = await openPglite();
  return { db, url: undefined, drop: () => db.close() };
}

/** Creates `clinic_test_<random>` on the server named by `adminUrl` and drops it afterwards. */
export async function createPostgres(adminUrl: string): Promise<TestDatabase> {
  const name = `clinic_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = withDatabase(adminUrl, name);
  const db = await openPostgres(url);
  return {
    db,
    url,
    async drop() {
      await db.close();
      const again = new pg.Client({ connectionString: adminUrl });
      await again.connect();
      await again.query(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
