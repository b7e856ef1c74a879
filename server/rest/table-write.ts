import { quoteIdentifier, runAsRole } from '../db/run-as-role.ts';
import { parsePrefer, wantsSingleObject, type Preferences } from './prefer-header.ts';
import { PostgrestError } from './postgrest-error.ts';
import { parseReadQuery, type ReadQuery } from './read-query.ts';
import { selectListSql, SqlParams, whereSql } from './query-sql.ts';
import { readJsonBody } from './rest-body.ts';
import type { RestRequest } from './rest-context.ts';
import type { TableInfo } from './schema-cache.ts';
import { relationOf, tableSql } from './table-read.ts';
import { assertSingle, sendNoRows, sendRows, type JsonRows } from './table-response.ts';

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Thrown inside the transaction for `Prefer: tx=rollback`, carrying the result out after the rollback. */
class RollbackRequested extends Error {
  constructor(readonly result: JsonRows) {
    super('rollback requested');
  }
}

function unknownColumn(table: TableInfo, column: string): PostgrestError {
  return new PostgrestError(
    400,
    'PGRST204',
    `Could not find the '${column}' column of '${table.name}' in the schema cache`,
  );
}

function checkColumns(table: TableInfo, columns: readonly string[]): void {
  for (const column of columns) if (!table.columns.has(column)) throw unknownColumn(table, column);
}

/**
 * Runs a write statement whose `returning` rows come back as one JSON array, then shapes the
 * response: representation or not, `.single()` enforced inside the transaction (a wrong count
 * rolls the write back, as PostgREST does), `tx=rollback` honoured.
 */
async function runWrite(
  request: RestRequest,
  writes: readonly string[],
  params: SqlParams,
  query: ReadQuery,
  table: TableInfo,
  prefer: Preferences,
): Promise<JsonRows> {
  const single = wantsSingleObject(request.req.headers);
  const list = selectListSql(query.select, relationOf(table));
  // Data-modifying CTEs must sit at the top level; several writes (one per key set) are unioned.
  const ctes = writes.map((write, i) => `_w${i} as (${write})`).join(', ');
  const all = writes.map((_, i) => `select * from _w${i}`).join(' union all ');
  const sql = `with ${ctes} select coalesce(json_agg(_s), '[]')::text as body, count(*)::int as rows from (select ${list} from (${all}) as _t) _s`;
  try {
    return await runAsRole(
      request.db,
      {
        identity: request.identity,
        method: request.method,
        path: request.url.pathname,
        headers: request.req.headers,
        schema: request.schemaName,
      },
      async (tx) => {
        const result = (await tx.query<JsonRows>(sql, params.values)).rows[0]!;
        if (single && prefer.return === 'representation') assertSingle(result);
        if (prefer.rollback) throw new RollbackRequested(result);
        return result;
      },
    );
  } catch (error) {
    if (error instanceof RollbackRequested) return error.result;
    throw error;
  }
}

function respond(
  request: RestRequest,
  result: JsonRows,
  prefer: Preferences,
  successStatus: number,
  range: string,
): void {
  const single = wantsSingleObject(request.req.headers);
  if (prefer.return === 'representation')
    return sendRows(request, successStatus === 204 ? 200 : successStatus, result, single, {
      'Content-Range': range,
    });
  return sendNoRows(request, successStatus, { 'Content-Range': range });
}

/** POST: insert one object or an array; with `resolution=…` an upsert on `on_conflict` (default: the primary key). */
export async function insertRows(request: RestRequest, table: TableInfo): Promise<void> {
  const query = parseReadQuery(request.url.searchParams, request.req.headers);
  const prefer = parsePrefer(request.req.headers);
  const body = await readJsonBody(request);
  const rows = Array.isArray(body) ? body : [body];
  if (!rows.every(isObject))
    throw new PostgrestError(
      400,
      'PGRST102',
      'Empty or invalid json',
      'The body must be a JSON object or an array of objects',
    );
  const columns = query.columns ?? [...new Set(rows.flatMap((row) => Object.keys(row)))];
  checkColumns(table, columns);
  if (!table.insertable)
    throw new PostgrestError(405, 'PGRST117', `Unsupported HTTP method: cannot insert into '${table.name}'`);
  const on = prefer.resolution ? (query.onConflict ?? table.primaryKey) : [];
  checkColumns(table, on);
  if (prefer.resolution && on.length === 0) {
    throw new PostgrestError(400, 'PGRST100', `"on_conflict" is required: ${table.name} has no primary key`);
  }
  // `missing=default`: each object's absent keys take the column default, so rows are inserted in
  // groups that share a key set; otherwise absent keys are NULL, as PostgREST does.
  const groups =
    prefer.missing === 'default' ? groupByKeys(rows, columns) : [{ columns, rows: rows as JsonObject[] }];
  const params = new SqlParams();
  const writes = groups.map((group) =>
    insertSql(table, group, params, conflictSql(prefer, on, group.columns)),
  );
  const result =
    rows.length === 0
      ? { body: '[]', rows: 0 }
      : await runWrite(request, writes, params, query, table, prefer);
  respond(request, result, prefer, 201, `*/${prefer.count ? result.rows : '*'}`);
}

function groupByKeys(
  rows: readonly JsonObject[],
  columns: readonly string[],
): { columns: string[]; rows: JsonObject[] }[] {
  const groups = new Map<string, { columns: string[]; rows: JsonObject[] }>();
  for (const row of rows) {
    const present = columns.filter((column) => column in row);
    const key = JSON.stringify(present);
    const group = groups.get(key) ?? { columns: present, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function conflictSql(prefer: Preferences, on: readonly string[], columns: readonly string[]): string {
  if (!prefer.resolution) return '';
  const target = on.map(quoteIdentifier).join(', ');
  const updates = columns
    .filter((column) => !on.includes(column))
    .map((column) => `${quoteIdentifier(column)} = excluded.${quoteIdentifier(column)}`);
  return prefer.resolution === 'merge-duplicates' && updates.length > 0
    ? ` on conflict (${target}) do update set ${updates.join(', ')}`
    : ` on conflict (${target}) do nothing`;
}

/** One INSERT of the group's rows, naming only its columns (the rest take their defaults). */
function insertSql(
  table: TableInfo,
  group: { columns: readonly string[]; rows: readonly JsonObject[] },
  params: SqlParams,
  conflict: string,
): string {
  const target = tableSql(table);
  if (group.columns.length === 0) {
    return `insert into ${target} as _t select from generate_series(1, ${group.rows.length})${conflict} returning _t.*`;
  }
  const source = `json_populate_recordset(null::${target}, ${params.add(JSON.stringify(group.rows))}::json) as _r`;
  const quoted = group.columns.map(quoteIdentifier);
  return `insert into ${target} as _t (${quoted.join(', ')}) select ${quoted.map((column) => `_r.${column}`).join(', ')} from ${source}${conflict} returning _t.*`;
}

/** Supabase loads pg-safeupdate for API requests: an UPDATE or DELETE must be filtered. */
function requireFilter(query: ReadQuery, verb: 'UPDATE' | 'DELETE'): void {
  if (query.conditions.length === 0)
    throw new PostgrestError(400, '21000', `${verb} requires a WHERE clause`);
}

/** PATCH: update the filtered rows with the body's columns. */
export async function updateRows(request: RestRequest, table: TableInfo): Promise<void> {
  const query = parseReadQuery(request.url.searchParams, request.req.headers);
  const prefer = parsePrefer(request.req.headers);
  const body = await readJsonBody(request);
  if (!isObject(body))
    throw new PostgrestError(400, 'PGRST102', 'Empty or invalid json', 'The body must be a JSON object');
  const columns = Object.keys(body);
  checkColumns(table, columns);
  requireFilter(query, 'UPDATE');
  if (columns.length === 0) return respond(request, { body: '[]', rows: 0 }, prefer, 204, '*/*');
  const target = tableSql(table);
  const params = new SqlParams();
  const source = `json_populate_record(null::${target}, ${params.add(JSON.stringify(body))}::json) as _r`;
  const where = whereSql(query.conditions, relationOf(table), params);
  const set = columns
    .map((column) => `${quoteIdentifier(column)} = _r.${quoteIdentifier(column)}`)
    .join(', ');
  const update = `update ${target} as _t set ${set} from ${source}${where} returning _t.*`;
  const result = await runWrite(request, [update], params, query, table, prefer);
  respond(
    request,
    result,
    prefer,
    204,
    result.rows > 0
      ? `0-${result.rows - 1}/${prefer.count ? result.rows : '*'}`
      : `*/${prefer.count ? 0 : '*'}`,
  );
}

/** DELETE: delete the filtered rows (synced tables turn this into a soft delete by trigger). */
export async function deleteRows(request: RestRequest, table: TableInfo): Promise<void> {
  const query = parseReadQuery(request.url.searchParams, request.req.headers);
  const prefer = parsePrefer(request.req.headers);
  requireFilter(query, 'DELETE');
  const params = new SqlParams();
  const where = whereSql(query.conditions, relationOf(table), params);
  const result = await runWrite(
    request,
    [`delete from ${tableSql(table)} as _t${where} returning _t.*`],
    params,
    query,
    table,
    prefer,
  );
  respond(request, result, prefer, 204, `*/${prefer.count ? result.rows : '*'}`);
}
