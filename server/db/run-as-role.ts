import type { Database, Queryable } from './database.ts';
import type { RequestIdentity } from '../auth/request-auth.ts';

export interface RequestContext {
  readonly identity: RequestIdentity;
  readonly method: string;
  readonly path: string;
  /** GET/HEAD requests run read-only, as PostgREST runs them. */
  readonly readOnly?: boolean;
  readonly schema?: string;
  /** The request's headers; policies may read them from `request.headers` (lower-case keys), as on Supabase. */
  readonly headers?: Readonly<Record<string, string | string[] | undefined>>;
}

/**
 * Runs `fn` in one transaction as the request's role with `request.jwt.claims` set, the way
 * PostgREST prepares every request (`set_config(…, true)` is `SET LOCAL`: it ends with the
 * transaction, so nothing leaks into the next request on the same connection, which on PGlite is
 * the only connection). RLS therefore decides exactly as it would on Supabase.
 */
export function runAsRole<T>(
  db: Database,
  context: RequestContext,
  fn: (tx: Queryable) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    if (context.readOnly) await tx.query('set transaction read only');
    await tx.query(
      `select set_config('search_path', $1, true), set_config('role', $2, true),
              set_config('request.jwt.claims', $3, true), set_config('request.method', $4, true),
              set_config('request.path', $5, true), set_config('request.headers', $6, true)`,
      [
        `${quoteIdentifier(context.schema ?? 'public')}, extensions`,
        context.identity.role,
        JSON.stringify(context.identity.claims),
        context.method,
        context.path,
        JSON.stringify(context.headers ?? {}),
      ],
    );
    return fn(tx);
  });
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
