import { PGlite } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import pg from 'pg';

/**
 * The one port through which the local server, the SQL tests and the benchmarks reach Postgres,
 * whether it is embedded (PGlite, one in-process connection) or a real server (a pg pool).
 *
 * Guarantees every implementation keeps:
 * - `transaction(fn)` runs `fn` on one connection inside BEGIN … COMMIT; if `fn` throws, the
 *   transaction is rolled back and the error re-thrown. Nothing `fn` did is visible to others
 *   before commit.
 * - `query` outside a transaction is autocommitted.
 * - `int8` (bigint) values come back as JS numbers when they are safe integers, else as strings;
 *   `json`/`jsonb` come back parsed; timestamps come back as ISO strings, never Date objects, so
 *   that both implementations produce the same values.
 */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
  /** Runs a script of one or more statements without parameters. */
  exec(sql: string): Promise<void>;
}

export interface QueryResult<Row> {
  readonly rows: Row[];
  readonly rowCount: number;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const INT8 = 20;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;
const DATE = 1082;

function parseInt8(value: string): number | string {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
}

const keepText = (value: string): string => value;

/** Opens PGlite in `dataDir` (a folder, created when missing) or in memory when `dataDir` is undefined. */
export async function openPglite(dataDir?: string): Promise<Database> {
  const db = await PGlite.create({
    ...(dataDir === undefined ? {} : { dataDir }),
    // Supabase ships pgcrypto (schema `extensions`); the baseline creates it, PGlite must load it.
    extensions: { pgcrypto },
    parsers: { [INT8]: parseInt8, [TIMESTAMP]: keepText, [TIMESTAMPTZ]: keepText, [DATE]: keepText },
  });
  // PGlite prints timestamps in the session's DateStyle; ISO keeps them identical to the pg driver's text.
  await db.exec(`set datestyle to 'ISO, MDY'; set timezone to 'UTC'`);
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await q.query<Row>(sql, params as unknown[]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  const top = wrap(db);
  return {
    kind: 'pglite',
    query: top.query,
    exec: top.exec,
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) => db.transaction((tx) => fn(wrap(tx))),
    close: () => db.close(),
  };
}

/** Connects to a PostgreSQL server through a pool. */
export async function openPostgres(connectionString: string, maxConnections = 10): Promise<Database> {
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === INT8) return parseInt8;
      if (oid === TIMESTAMP || oid === TIMESTAMPTZ || oid === DATE) return keepText;
      return pg.types.getTypeParser(oid, format);
    },
  } as pg.CustomTypesConfig;
  const pool = new pg.Pool({ connectionString, max: maxConnections, types, options: '-c timezone=UTC -c datestyle=ISO,MDY' });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => {});
  await pool.query('select 1');
  const wrap = (q: pg.Pool | pg.PoolClient): Queryable => ({
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await q.query(sql, params as unknown[]);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
    },
    async exec(sql: string) {
      await q.query(sql);
    },
  });
  const top = wrap(pool);
  return {
    kind: 'postgres',
    query: top.query,
    exec: top.exec,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn(wrap(client));
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

export function openDatabase(options: { databaseUrl?: string | undefined; dataDir?: string | undefined }): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir);
}
