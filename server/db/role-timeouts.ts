import type { Database, Queryable } from './database.ts';

/**
 * The `statement_timeout` each API role runs with, as on Supabase: PostgREST logs in as
 * `authenticator` (8 s there) and applies the impersonated role's own settings in every request's
 * transaction (`anon` 3 s, `authenticated` 8 s; `service_role` has none, so it keeps the
 * authenticator's 8 s). The values are the roles' settings in this database (the baseline sets
 * them); like PostgREST, they are read once and again after `NOTIFY pgrst, 'reload config'`.
 */
export interface RoleTimeout {
  /** The setting as Postgres spells it (`3s`), for `set_config('statement_timeout', …)`. */
  readonly setting: string;
  readonly ms: number;
}

const loaded = new WeakMap<Database, Promise<ReadonlyMap<string, RoleTimeout>>>();

const TIMEOUTS_SQL = `
  select r.rolname as role, s.value
    from pg_roles r
    cross join lateral (
      select substr(config, length('statement_timeout=') + 1) as value
        from pg_db_role_setting d, unnest(d.setconfig) as config
       where d.setrole = r.oid
         and d.setdatabase in (0, (select oid from pg_database where datname = current_database()))
         and config like 'statement\\_timeout=%'
       order by d.setdatabase desc
       limit 1
    ) s
   where r.rolname in ('anon', 'authenticated', 'service_role', 'authenticator')`;

/** The timeout a request as `role` runs under, if any. `tx` reads the settings the first time. */
export async function roleTimeout(
  db: Database,
  tx: Queryable,
  role: string,
): Promise<RoleTimeout | undefined> {
  let timeouts = loaded.get(db);
  if (!timeouts) {
    timeouts = readTimeouts(tx);
    loaded.set(db, timeouts);
    timeouts.catch(() => loaded.delete(db));
  }
  const byRole = await timeouts;
  return byRole.get(role) ?? byRole.get('authenticator');
}

/** PostgREST's `NOTIFY pgrst, 'reload config'`: the next request reads the settings again. */
export function forgetRoleTimeouts(db: Database): void {
  loaded.delete(db);
}

async function readTimeouts(tx: Queryable): Promise<ReadonlyMap<string, RoleTimeout>> {
  const { rows } = await tx.query<{ role: string; value: string }>(TIMEOUTS_SQL);
  const timeouts = new Map<string, RoleTimeout>();
  for (const { role, value } of rows) {
    const ms = settingMs(value);
    if (ms !== undefined && ms > 0) timeouts.set(role, { setting: value, ms });
  }
  return timeouts;
}

const UNIT_MS: Record<string, number> = {
  us: 0.001,
  ms: 1,
  s: 1000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** A `statement_timeout` value in milliseconds (a bare number is milliseconds, as in Postgres). */
export function settingMs(value: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(us|ms|s|min|h|d)?\s*$/.exec(value);
  if (!match) return undefined;
  return Number(match[1]) * UNIT_MS[match[2] ?? 'ms']!;
}
