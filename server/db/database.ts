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
  /**
   * Calls `handler` with the payload of every `NOTIFY channel` (or `pg_notify`) from any session.
   * Postgres delivers a notification only after the notifying transaction commits, so a handler
   * never sees the effects of a transaction that rolled back. Resolves once the LISTEN is active.
   */
  listen(channel: string, handler: (payload: string) => void): Promise<Unlisten>;
  close(): Promise<void>;
}

export type Unlisten = () => Promise<void>;

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
    async listen(channel, handler) {
      const unlisten = await db.listen(channel, handler);
      return () => unlisten();
    },
    close: () => db.close(),
  };
}

/**
 * How long one of the server's own sessions may sit idle inside a transaction before PostgreSQL
 * ends it. An open transaction holds every device's pull back (revs settle only below the oldest
 * open one, DESIGN §3.1), and the server never waits on anything inside a transaction, so one
 * idle this long is stuck (a hung request) and is better ended than left to hold the clinic.
 */
export const idleInTransactionTimeout = '15s';

/** Connects to a PostgreSQL server through a pool. */
export async function openPostgres(connectionString: string, maxConnections = 10): Promise<Database> {
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === INT8) return parseInt8;
      if (oid === TIMESTAMP || oid === TIMESTAMPTZ || oid === DATE) return keepText;
      return pg.types.getTypeParser(oid, format);
    },
  } as pg.CustomTypesConfig;
  const pool = new pg.Pool({
    connectionString,
    max: maxConnections,
    types,
    options: `-c timezone=UTC -c datestyle=ISO,MDY -c idle_in_transaction_session_timeout=${idleInTransactionTimeout}`,
  });
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
  const notifications = new PostgresListener(connectionString, types);
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
    listen: (channel, handler) => notifications.listen(channel, handler),
    async close() {
      await notifications.close();
      await pool.end();
    },
  };
}

/**
 * LISTEN needs a session that stays open, so notifications use one dedicated client (opened on the
 * first `listen`), never a pooled one that would be handed to other queries. If that session
 * ends (server restart, network), it reconnects and re-issues every LISTEN; notifications sent
 * while it was away are lost, which the sync protocol tolerates (clients also pull periodically).
 */
class PostgresListener {
  readonly #handlers = new Map<string, Set<(payload: string) => void>>();
  #client: Promise<pg.Client> | undefined;
  #closed = false;

  constructor(
    private readonly connectionString: string,
    private readonly types: pg.CustomTypesConfig,
  ) {}

  async listen(channel: string, handler: (payload: string) => void): Promise<Unlisten> {
    const client = await this.#connect();
    let handlers = this.#handlers.get(channel);
    if (!handlers) {
      handlers = new Set();
      this.#handlers.set(channel, handlers);
      await client.query(`listen ${pg.escapeIdentifier(channel)}`);
    }
    handlers.add(handler);
    return async () => {
      handlers.delete(handler);
      if (handlers.size > 0 || this.#handlers.get(channel) !== handlers) return;
      this.#handlers.delete(channel);
      const current = await this.#client?.catch(() => undefined);
      await current?.query(`unlisten ${pg.escapeIdentifier(channel)}`).catch(() => {});
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    const client = this.#client;
    this.#client = undefined;
    if (client) await (await client.catch(() => undefined))?.end().catch(() => {});
  }

  #connect(): Promise<pg.Client> {
    this.#client ??= (async () => {
      const client = new pg.Client({ connectionString: this.connectionString, types: this.types });
      client.on('error', () => {});
      client.on('end', () => this.#reconnectSoon());
      client.on('notification', (message) => {
        for (const handler of this.#handlers.get(message.channel) ?? []) handler(message.payload ?? '');
      });
      await client.connect();
      return client;
    })();
    this.#client.catch(() => {
      this.#client = undefined;
    });
    return this.#client;
  }

  #reconnectSoon(): void {
    this.#client = undefined;
    if (this.#closed || this.#handlers.size === 0) return;
    setTimeout(() => {
      if (this.#closed) return;
      this.#connect()
        .then(async (client) => {
          for (const channel of this.#handlers.keys())
            await client.query(`listen ${pg.escapeIdentifier(channel)}`);
        })
        .catch(() => this.#reconnectSoon());
    }, 1000).unref();
  }
}

export function openDatabase(options: {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
}): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir);
}
