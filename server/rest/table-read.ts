import { quoteIdentifier, runAsRole } from '../db/run-as-role.ts';
import { parsePrefer, wantsSingleObject } from './prefer-header.ts';
import { PostgrestError } from './postgrest-error.ts';
import { parseReadQuery } from './read-query.ts';
import { orderSql, selectListSql, SqlParams, whereSql, type Relation } from './query-sql.ts';
import type { RestRequest } from './rest-context.ts';
import type { TableInfo } from './schema-cache.ts';
import { assertSingle, contentRange, sendRows, type JsonRows } from './table-response.ts';

export function relationOf(table: TableInfo): Relation {
  return { name: table.name, alias: '_t', columns: new Set(table.columns.keys()) };
}

export function tableSql(table: TableInfo): string {
  return `${quoteIdentifier(table.schema)}.${quoteIdentifier(table.name)}`;
}

/**
 * GET/HEAD on a table or view. Postgres builds the JSON array (`json_agg` over the filtered,
 * ordered, paged rows) in the same read-only transaction that counts, so the count and the page
 * agree.
 */
export async function readTable(request: RestRequest, table: TableInfo): Promise<void> {
  const query = parseReadQuery(request.url.searchParams, request.req.headers);
  const prefer = parsePrefer(request.req.headers);
  const single = wantsSingleObject(request.req.headers);
  const relation = relationOf(table);
  const params = new SqlParams();
  const where = whereSql(query.conditions, relation, params);
  const list = selectListSql(query.select, relation);
  const order = orderSql(query.order, relation);
  const limit = query.limit === undefined ? '' : ` limit ${query.limit}`;
  const offset = query.offset ? ` offset ${query.offset}` : '';
  const counted = prefer.count !== undefined;
  const total = counted
    ? `, (select count(*) from ${tableSql(table)} as _t${where})::int as total`
    : ', null::int as total';
  const sql = `select coalesce(json_agg(_s), '[]')::text as body, count(*)::int as rows${total}
                 from (select ${list} from ${tableSql(table)} as _t${where}${order}${limit}${offset}) _s`;
  const result = await runAsRole(
    request.db,
    {
      identity: request.identity,
      method: request.method,
      path: request.url.pathname,
      headers: request.req.headers,
      readOnly: true,
      schema: request.schemaName,
    },
    async (tx) => (await tx.query<JsonRows & { total: number | null }>(sql, params.values)).rows[0]!,
  );
  const totalRows = result.total ?? undefined;
  if (totalRows !== undefined && query.offset > 0 && query.offset >= totalRows && totalRows > 0) {
    throw new PostgrestError(
      416,
      'PGRST103',
      'Requested range not satisfiable',
      `An offset of ${query.offset} was requested, but there are only ${totalRows} rows.`,
    );
  }
  if (single) assertSingle(result);
  const partial = totalRows !== undefined && result.rows < totalRows;
  sendRows(request, single || !partial ? 200 : 206, result, single, {
    'Content-Range': contentRange(query.offset, result.rows, totalRows),
  });
}
