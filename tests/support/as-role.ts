import type { Database, Queryable } from '../../server/db/database.ts';

/** The API roles PostgREST switches to, as Supabase defines them. */
export type ApiRole = 'anon' | 'authenticated' | 'service_role';

const apiRoles: readonly ApiRole[] = ['anon', 'authenticated', 'service_role'];

/**
 * Runs `fn` the way PostgREST runs a request: in one transaction, as `role`, with the JWT claims
 * in `request.jwt.claims` (so `auth.uid()`, `auth.role()` and RLS see them). The transaction
 * commits when `fn` resolves and rolls back when it throws; `set local` ends with it.
 */
export function asRole<T>(
  db: Database,
  role: ApiRole,
  fn: (tx: Queryable) => Promise<T>,
  claims: Record<string, unknown> = {},
): Promise<T> {
  if (!apiRoles.includes(role)) throw new Error(`not an API role: ${String(role)}`);
  return db.transaction(async (tx) => {
    await tx.query(`select set_config('request.jwt.claims', $1, true)`, [
      JSON.stringify({ ...claims, role }),
    ]);
    await tx.exec(`set local role ${role}`);
    return fn(tx);
  });
}

/** As a signed-in user (`sub` = their auth user id, role `authenticated`). */
export function asUser<T>(db: Database, userId: string, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return asRole(db, 'authenticated', fn, { sub: userId, aud: 'authenticated' });
}
