import type { Database } from '../db/database.ts';

export interface ColumnInfo {
  readonly name: string;
  /** `format_type` of the column, usable in a cast or a record definition. */
  readonly type: string;
  readonly hasDefault: boolean;
}

export interface TableInfo {
  readonly schema: string;
  readonly name: string;
  readonly columns: ReadonlyMap<string, ColumnInfo>;
  readonly primaryKey: readonly string[];
  readonly insertable: boolean;
}

export interface FunctionArg {
  readonly name: string;
  readonly type: string;
  readonly hasDefault: boolean;
}

export interface FunctionInfo {
  readonly schema: string;
  readonly name: string;
  readonly args: readonly FunctionArg[];
  readonly returnsSet: boolean;
  readonly returnsVoid: boolean;
  /** The result is a row (composite or table type), so a single result is a JSON object. */
  readonly returnsRow: boolean;
  readonly volatile: boolean;
}

export interface SchemaSnapshot {
  readonly tables: ReadonlyMap<string, TableInfo>;
  readonly functions: ReadonlyMap<string, readonly FunctionInfo[]>;
}

/** The schemas the REST API exposes, as Supabase's default `db-schemas`. */
export const EXPOSED_SCHEMAS = ['public'] as const;

const key = (schema: string, name: string) => `${schema}.${name}`;

/**
 * PostgREST's schema cache: relations, columns and functions of the exposed schemas, loaded once
 * and reloaded when a request names something unknown (a migration or a test may have added it
 * since), at most once per second so a stream of bad names cannot make every request reload.
 */
export class SchemaCache {
  #snapshot: Promise<SchemaSnapshot> | undefined;
  #loadedAt = 0;

  constructor(private readonly db: Database) {}

  /** Forgets the snapshot (PostgREST's `NOTIFY pgrst, 'reload schema'`); the next request reloads. */
  invalidate(): void {
    this.#snapshot = undefined;
    this.#loadedAt = 0;
  }

  async table(schema: string, name: string): Promise<TableInfo | undefined> {
    return (await this.#lookup((s) => s.tables.get(key(schema, name)))) ?? undefined;
  }

  async functions(schema: string, name: string): Promise<readonly FunctionInfo[]> {
    return (await this.#lookup((s) => s.functions.get(key(schema, name)))) ?? [];
  }

  async #lookup<T>(find: (snapshot: SchemaSnapshot) => T | undefined): Promise<T | undefined> {
    const found = find(await this.#current());
    if (found !== undefined || Date.now() - this.#loadedAt < 1000) return found;
    this.#snapshot = undefined;
    return find(await this.#current());
  }

  #current(): Promise<SchemaSnapshot> {
    if (!this.#snapshot) {
      this.#loadedAt = Date.now();
      this.#snapshot = load(this.db).catch((error: unknown) => {
        this.#snapshot = undefined;
        throw error;
      });
    }
    return this.#snapshot;
  }
}

async function load(db: Database): Promise<SchemaSnapshot> {
  const schemas = [...EXPOSED_SCHEMAS];
  const columns = await db.query<{
    schema: string;
    table: string;
    relkind: string;
    column: string;
    type: string;
    has_default: boolean;
    pk: boolean;
  }>(
    `select n.nspname as schema, c.relname as table, c.relkind::text as relkind, a.attname as column,
            format_type(a.atttypid, a.atttypmod) as type, a.atthasdef or a.attidentity <> '' or a.attgenerated <> '' as has_default,
            coalesce(a.attnum = any (i.indkey), false) as pk
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
       left join pg_index i on i.indrelid = c.oid and i.indisprimary
      where n.nspname = any ($1) and c.relkind in ('r', 'v', 'm', 'p', 'f')
      order by c.relname, a.attnum`,
    [schemas],
  );
  const tables = new Map<
    string,
    {
      schema: string;
      name: string;
      columns: Map<string, ColumnInfo>;
      primaryKey: string[];
      insertable: boolean;
    }
  >();
  for (const row of columns.rows) {
    const k = key(row.schema, row.table);
    let table = tables.get(k);
    if (!table) {
      table = {
        schema: row.schema,
        name: row.table,
        columns: new Map(),
        primaryKey: [],
        insertable: row.relkind === 'r' || row.relkind === 'p' || row.relkind === 'v',
      };
      tables.set(k, table);
    }
    table.columns.set(row.column, { name: row.column, type: row.type, hasDefault: row.has_default });
    if (row.pk) table.primaryKey.push(row.column);
  }
  const fns = await db.query<{
    schema: string;
    name: string;
    arg_names: string[] | null;
    arg_types: string[] | null;
    arg_modes: string[] | null;
    defaults: number;
    returns_set: boolean;
    returns_void: boolean;
    returns_row: boolean;
    volatile: boolean;
  }>(
    `select n.nspname as schema, p.proname as name, p.proargnames as arg_names,
            array(select format_type(t, null) from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) as t) as arg_types,
            p.proargmodes::text[] as arg_modes, p.pronargdefaults::int as defaults, p.proretset as returns_set,
            p.prorettype = 'void'::regtype as returns_void,
            (t.typtype = 'c' or (p.proretset and p.proargmodes is not null and 't' = any (p.proargmodes))) as returns_row,
            p.provolatile = 'v' as volatile
       from pg_proc p
       join pg_namespace n on n.oid = p.pronamespace
       join pg_type t on t.oid = p.prorettype
      where n.nspname = any ($1) and p.prokind = 'f'`,
    [schemas],
  );
  const functions = new Map<string, FunctionInfo[]>();
  for (const row of fns.rows) {
    const types = row.arg_types ?? [];
    const modes = row.arg_modes ?? types.map(() => 'i');
    const inputs = types
      .map((type, index) => ({ type, name: row.arg_names?.[index] ?? '', mode: modes[index] ?? 'i' }))
      .filter((arg) => arg.mode === 'i' || arg.mode === 'b' || arg.mode === 'v');
    const firstDefault = inputs.length - row.defaults;
    const info: FunctionInfo = {
      schema: row.schema,
      name: row.name,
      args: inputs.map((arg, index) => ({
        name: arg.name,
        type: arg.type,
        hasDefault: index >= firstDefault,
      })),
      returnsSet: row.returns_set,
      returnsVoid: row.returns_void,
      returnsRow: row.returns_row,
      volatile: row.volatile,
    };
    const k = key(row.schema, row.name);
    functions.set(k, [...(functions.get(k) ?? []), info]);
  }
  return { tables, functions };
}
