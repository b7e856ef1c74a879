import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import os, { tmpdir } from 'node:os';
import pg from 'pg';
import { openPglite, openPostgres, type Database, type Queryable } from '../../server/db/database.ts';
import { defaultMigrationsDir, prepareDatabase } from '../../server/db/migrate.ts';

/** A folder holding copies of the migrations older than `version`. */
async function migrationsBefore(version: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-migrations-'));
  for (const file of await readdir(defaultMigrationsDir))
    if (file < version) await cp(join(defaultMigrationsDir, file), join(dir, file));
  return dir;
}

/**
 * A fresh, seeded database for a benchmark: on the PostgreSQL server named by BENCH_DATABASE_URL
 * or TEST_DATABASE_URL (a database created for the run and dropped after), else in-memory PGlite.
 */
export interface BenchDatabase {
  readonly db: Database;
  readonly kind: 'pglite' | 'postgres';
  /** For PostgreSQL, a connection string to the benchmark's database (to open more sessions). */
  readonly url?: string;
  drop(): Promise<void>;
}

export interface BenchDatabaseOptions {
  readonly requirePostgres?: boolean;
  /**
   * Only the migrations older than this version: the schema as it was before a change, to measure
   * the change against its predecessor in the same run.
   */
  readonly migrationsBefore?: string;
}

export async function openBenchDatabase(options: BenchDatabaseOptions = {}): Promise<BenchDatabase> {
  const adminUrl = process.env['BENCH_DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'];
  const migrations = options.migrationsBefore ? await migrationsBefore(options.migrationsBefore) : null;
  const prepare = async (db: Database) => {
    try {
      await prepareDatabase(db, { seed: true, ...(migrations ? { migrationsDir: migrations } : {}) });
    } finally {
      if (migrations) await rm(migrations, { recursive: true, force: true });
    }
  };
  if (!adminUrl) {
    if (options.requirePostgres)
      throw new Error('set BENCH_DATABASE_URL or TEST_DATABASE_URL to a PostgreSQL server');
    const db = await openPglite();
    await prepare(db);
    return { db, kind: 'pglite', drop: () => db.close() };
  }
  const name = `clinic_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString());
  await prepare(db);
  return {
    db,
    kind: 'postgres',
    url: url.toString(),
    async drop() {
      await db.close();
      const again = new pg.Client({ connectionString: adminUrl });
      await again.connect();
      await again.query(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}

/** Runs `fn` as the seeded admin, as PostgREST would (role authenticated + JWT claims). */
export function asAdmin<T>(db: Database, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query(`select set_config('request.jwt.claims', $1, true)`, [
      JSON.stringify({ sub: 'a0000000-0000-4000-8000-000000000001', role: 'authenticated' }),
    ]);
    await tx.exec('set local role authenticated');
    return fn(tx);
  });
}

export async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

export async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export function middle(times: readonly number[]): number {
  return [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? Number.NaN;
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`;
}
