import type { Database } from './database.ts';

/**
 * `--reset` on a PostgreSQL server: drops every schema the baseline, the migrations and the seed
 * created (everything but Postgres's own), so the next prepare starts from an empty database.
 * Roles are cluster-wide and shared with other databases; they stay.
 */
export async function resetDatabase(db: Database): Promise<void> {
  const { rows } = await db.query<{ name: string }>(
    `select nspname as name from pg_namespace
      where nspname not like 'pg\\_%' and nspname <> 'information_schema'`,
  );
  const drops = rows
    .map((row) => `drop schema if exists "${row.name.replaceAll('"', '""')}" cascade;`)
    .join('\n');
  await db.exec(`${drops}\ncreate schema public;\ngrant all on schema public to public;`);
}
