import type { Database } from '../db/database.ts';

/**
 * The session bookkeeping GoTrue keeps next to `auth.users`, with Supabase's table and column
 * names. Created only when the baseline has not already created them, so a database that came
 * from a real Supabase dump keeps its own definitions.
 */
export async function ensureAuthTables(db: Database): Promise<void> {
  await db.exec(`
    create table if not exists auth.sessions (
      id uuid primary key,
      user_id uuid not null references auth.users (id) on delete cascade,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      refreshed_at timestamp,
      user_agent text
    );
    create table if not exists auth.refresh_tokens (
      instance_id uuid,
      id bigserial primary key,
      token varchar(255) unique,
      user_id varchar(255),
      revoked boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      parent varchar(255),
      session_id uuid references auth.sessions (id) on delete cascade
    );
    create index if not exists refresh_tokens_session_id_idx on auth.refresh_tokens (session_id);
    create index if not exists refresh_tokens_parent_idx on auth.refresh_tokens (parent);
  `);
}

/** The columns `auth.users` has in this database, so inserts name only columns that exist. */
export async function authUserColumns(db: Database): Promise<ReadonlySet<string>> {
  const { rows } = await db.query<{ column_name: string }>(
    `select column_name from information_schema.columns where table_schema = 'auth' and table_name = 'users'`,
  );
  return new Set(rows.map((row) => row.column_name));
}
