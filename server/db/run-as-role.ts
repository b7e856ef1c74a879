import type { Database, Queryable } from './database.ts';
import type { RequestIdentity } from '../auth/request-auth.ts';
import { roleTimeout, type RoleTimeout } from './role-timeouts.ts';

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
 *
 * The role's `statement_timeout` applies too, as PostgREST applies it (see `role-timeouts.ts`).
 * PostgreSQL cancels a statement that runs longer; PGlite cannot interrupt one (it has no timer
 * signals), so there a statement that took longer fails as soon as it returns, with the same
 * error, and the transaction rolls back: what would fail on Supabase fails here too.
 */
export function runAsRole<T>(
  db: Database,
  context: RequestContext,
  fn: (tx: Queryable) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    if (context.readOnly) await tx.query('set transaction read only');
    const timeout = await roleTimeout(db, tx, context.identity.role);
    await tx.query(
      `select set_config('search_path', $1, true), set_config('role', $2, true),
              set_config('request.jwt.claims', $3, true), set_config('request.method', $4, true),
              set_config('request.path', $5, true), set_config('request.headers', $6, true),
              set_config('statement_timeout', coalesce($7, current_setting('statement_timeout')), true)`,
      [
        `${quoteIdentifier(context.schema ?? 'public')}, extensions`,
        context.identity.role,
        JSON.stringify(context.identity.claims),
        context.method,
        context.path,
        JSON.stringify(context.headers ?? {}),
        timeout?.setting ?? null,
      ],
    );
    return fn(db.kind === 'pglite' && timeout ? timedStatements(tx, timeout) : tx);
  });
}

/** PostgreSQL's error for a statement cancelled by `statement_timeout`. */
export class StatementTimeoutError extends Error {
  override readonly name = 'StatementTimeoutError';
  readonly code = '57014';
  constructor() {
    super('canceling statement due to statement timeout');
  }
}

/** `tx`, failing every statement that ran longer than the timeout once it has returned. */
function timedStatements(tx: Queryable, timeout: RoleTimeout): Queryable {
  const timed = async <R>(run: () => Promise<R>): Promise<R> => {
    const started = performance.now();
    const result = await run();
    if (performance.now() - started > timeout.ms) throw new StatementTimeoutError();
    return result;
  };
  return {
    query: (sql, params) => timed(() => tx.query(sql, params)),
    exec: (sql) => timed(() => tx.exec(sql)),
  };
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
