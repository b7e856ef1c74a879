import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database, Queryable } from './database.ts';

/**
 * Brings a database to the schema the app expects, the way `supabase db reset` does on a real
 * stack: first what Supabase itself provides (`baseline.sql`), then each migration of
 * `supabase/migrations` once, in file-name order, then the seed on a fresh database.
 *
 * Invariants:
 * - every step is idempotent: preparing a prepared database applies nothing;
 * - a migration and its record in `supabase_migrations.schema_migrations` commit together, so a
 *   crash leaves a migration either fully applied and recorded or not at all;
 * - two processes migrating one database serialise on an advisory lock, so none runs twice.
 */

const supabaseDir = fileURLToPath(new URL('../../supabase/', import.meta.url));
export const defaultMigrationsDir = `${supabaseDir}migrations`;
export const defaultSeedFile = `${supabaseDir}seed.sql`;
const baselineFile = fileURLToPath(new URL('./baseline.sql', import.meta.url));

/** `YYYYMMDDHHMMSS_name.sql`, the Supabase CLI's migration file name. */
const migrationFileName = /^(\d{14})_([a-z0-9_]+)\.sql$/;

/** Any fixed number: it only has to be the same in every process that migrates. */
const migrationLockKey = 7_265_104_311;

export interface Migration {
  readonly version: string;
  readonly name: string;
  readonly file: string;
}

export interface PrepareResult {
  /** True when no migration had been recorded before: the database was empty of our schema. */
  readonly fresh: boolean;
  /** Versions applied by this call, in order. */
  readonly applied: readonly string[];
}

export async function applyBaseline(db: Database): Promise<void> {
  const script = await readFile(baselineFile, 'utf8');
  await db.exec(script);
}

/** The migration files of `dir`, in the order they must run. Other files are ignored. */
export async function listMigrations(dir: string = defaultMigrationsDir): Promise<Migration[]> {
  const names = (await readdir(dir)).sort();
  const migrations: Migration[] = [];
  for (const file of names) {
    const match = migrationFileName.exec(file);
    if (match?.[1] !== undefined && match[2] !== undefined) {
      migrations.push({ version: match[1], name: match[2], file: `${dir}/${file}` });
    }
  }
  return migrations;
}

/** Applies the migrations of `dir` not yet recorded; returns the versions it applied. */
export async function applyMigrations(db: Database, dir: string = defaultMigrationsDir): Promise<string[]> {
  await ensureMigrationTable(db);
  const applied: string[] = [];
  for (const migration of await listMigrations(dir)) {
    const script = await readFile(migration.file, 'utf8');
    const ran = await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [migrationLockKey]);
      if (await isRecorded(tx, migration.version)) return false;
      await tx.exec(script);
      await tx.query(
        'insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)',
        [migration.version, migration.name, [script]],
      );
      return true;
    });
    if (ran) applied.push(migration.version);
  }
  return applied;
}

/**
 * Baseline, migrations, and on a fresh database the seed (unless `seed: false`), as
 * `supabase db reset` does: the seed runs once, in one transaction, right after the first migration
 * run, so a restarted server never seeds twice.
 */
export async function prepareDatabase(
  db: Database,
  options: { seed?: boolean; migrationsDir?: string; seedFile?: string } = {},
): Promise<PrepareResult> {
  await applyBaseline(db);
  await ensureMigrationTable(db);
  const fresh = (await countRecorded(db)) === 0;
  const applied = await applyMigrations(db, options.migrationsDir);
  if (fresh && options.seed !== false) {
    const seed = await readFile(options.seedFile ?? defaultSeedFile, 'utf8');
    await db.transaction((tx) => tx.exec(seed));
  }
  return { fresh, applied };
}

async function ensureMigrationTable(db: Queryable): Promise<void> {
  // The shape the Supabase CLI keeps, so `supabase migration list` reads the same history.
  await db.exec(`
    create schema if not exists supabase_migrations;
    create table if not exists supabase_migrations.schema_migrations (
      version text primary key,
      statements text[],
      name text
    );
  `);
}

async function isRecorded(db: Queryable, version: string): Promise<boolean> {
  const result = await db.query('select 1 from supabase_migrations.schema_migrations where version = $1', [
    version,
  ]);
  return result.rows.length > 0;
}

async function countRecorded(db: Queryable): Promise<number> {
  const result = await db.query<{ n: number }>(
    'select count(*)::int as n from supabase_migrations.schema_migrations',
  );
  return result.rows[0]?.n ?? 0;
}
