import { openPglite, type Queryable } from '../server/db/database.ts';
import { defaultSeedFile, prepareDatabase } from '../server/db/migrate.ts';
import { quoteIdentifier } from '../server/db/run-as-role.ts';
import { serverColumns } from '../src/core/schema/clinic-tables.ts';
import { DEMO_PASSWORD } from './demo-logins.ts';

/**
 * The demo clinic as `supabase/seed.sql` writes it, read back from a scratch database that ran
 * the baseline, the migrations and the seed exactly as the local server does, so that a real
 * project loaded from it holds the same clinic (one source of demo data: the seed).
 */
export interface DemoClinic {
  readonly staff: readonly DemoStaff[];
  /** The synced tables that have rows, parents before children (their registration order). */
  readonly tables: readonly DemoTable[];
}

export interface DemoStaff {
  readonly id: string;
  readonly email: string;
  /** The bcrypt hash the seed stored: the login keeps the seed's password without it being written anywhere else. */
  readonly passwordHash: string;
  readonly userMetadata: Record<string, unknown>;
  readonly appMetadata: Record<string, unknown>;
  /** Whether the password is the documented demo password. */
  readonly hasDemoPassword: boolean;
}

export interface DemoTable {
  readonly name: string;
  /** Each row's columns as JSON, without those the server stamps (rev, times, editor, deleted_at). */
  readonly rows: readonly Record<string, unknown>[];
  /** Ids of rows the seed left deleted: they are loaded, then deleted, so they arrive as tombstones. */
  readonly tombstones: readonly string[];
}

export async function buildDemoClinic(options: { seedFile?: string } = {}): Promise<DemoClinic> {
  const db = await openPglite();
  try {
    await prepareDatabase(db, { seed: true, seedFile: options.seedFile ?? defaultSeedFile });
    return { staff: await readStaff(db), tables: await readTables(db) };
  } finally {
    await db.close();
  }
}

async function readStaff(db: Queryable): Promise<DemoStaff[]> {
  const { rows } = await db.query<{
    id: string;
    email: string;
    hash: string | null;
    user_metadata: Record<string, unknown> | null;
    app_metadata: Record<string, unknown> | null;
    demo: boolean | null;
  }>(
    `select id::text, email, encrypted_password as hash, raw_user_meta_data as user_metadata,
            raw_app_meta_data as app_metadata,
            extensions.crypt($1, encrypted_password) = encrypted_password as demo
       from auth.users order by email`,
    [DEMO_PASSWORD],
  );
  return rows.map((row) => {
    if (!row.hash) throw new Error(`the seed's user ${row.email} has no password`);
    // GoTrue sets provider and providers itself.
    const { provider: _provider, providers: _providers, ...appMetadata } = row.app_metadata ?? {};
    return {
      id: row.id,
      email: row.email,
      passwordHash: row.hash,
      userMetadata: row.user_metadata ?? {},
      appMetadata,
      hasDemoPassword: row.demo === true,
    };
  });
}

async function readTables(db: Queryable): Promise<DemoTable[]> {
  const { rows: tables } = await db.query<{ name: string; synced: boolean }>(
    `select c.relname as name, s.table_name is not null as synced
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
       left join sync.entity_settings s on s.table_name = c.relname
      where c.relkind in ('r', 'p')
      order by s.position nulls last, c.relname`,
  );
  const result: DemoTable[] = [];
  for (const table of tables) {
    if (!table.synced) {
      const { rows } = await db.query<{ any: boolean }>(
        `select exists (select 1 from public.${quoteIdentifier(table.name)}) as any`,
      );
      if (rows[0]!.any)
        throw new Error(
          `the seed writes ${table.name}, which is not a synced table: this loader does not know it`,
        );
      continue;
    }
    const { rows } = await db.query<{ rows: string; count: number; tombstones: string[] }>(
      `select coalesce(json_agg(to_jsonb(t) - $1::text[] order by t.id), '[]')::text as rows,
              count(*)::int as count,
              coalesce(array_agg(t.id::text order by t.id) filter (where t.deleted_at is not null), '{}') as tombstones
         from public.${quoteIdentifier(table.name)} t`,
      // The server writes these on every insert, whatever is sent; deleted_at is replayed as a delete.
      [[...serverColumns, ...(await generatedColumns(db, table.name))]],
    );
    if (rows[0]!.count === 0) continue;
    result.push({
      name: table.name,
      rows: JSON.parse(rows[0]!.rows) as Record<string, unknown>[],
      tombstones: rows[0]!.tombstones,
    });
  }
  return result;
}

async function generatedColumns(db: Queryable, table: string): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `select attname as name from pg_attribute
      where attrelid = format('public.%I', $1::text)::regclass and attnum > 0 and not attisdropped
        and (attgenerated <> '' or attidentity = 'a')`,
    [table],
  );
  return rows.map((row) => row.name);
}
