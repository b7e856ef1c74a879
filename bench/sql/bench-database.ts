import { randomBytes } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { openPglite, openPostgres, type Database, type Queryable } from '../../server/db/database.ts';
import { prepareDatabase } from '../../server/db/migrate.ts';

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

export async function openBenchDatabase(options: { requirePostgres?: boolean } = {}): Promise<BenchDatabase> {
  const adminUrl = process.env['BENCH_DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'];
  if (!adminUrl) {
    if (options.requirePostgres)
      throw new Error('set BENCH_DATABASE_URL or TEST_DATABASE_URL to a PostgreSQL server');
    const db = await openPglite();
    await prepareDatabase(db, { seed: true });
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
  await prepareDatabase(db, { seed: true });
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
