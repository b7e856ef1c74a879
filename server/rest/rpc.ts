import { quoteIdentifier, runAsRole } from '../db/run-as-role.ts';
import { sendEmpty, sendText } from '../http/send.ts';
import { wantsSingleObject } from './prefer-header.ts';
import { PostgrestError } from './postgrest-error.ts';
import { parseReadQuery, type ReadQuery } from './read-query.ts';
import { orderSql, selectListSql, SqlParams, whereSql, type Relation } from './query-sql.ts';
import { readJsonBody } from './rest-body.ts';
import type { RestRequest } from './rest-context.ts';
import type { FunctionInfo } from './schema-cache.ts';

const JSON_TYPE = { 'Content-Type': 'application/json; charset=utf-8' };

/**
 * `/rest/v1/rpc/<fn>`: POST passes the JSON body as named arguments, GET/HEAD the query string.
 * Arguments are typed by `json_to_record` with the function's own parameter types, so Postgres
 * converts them exactly as PostgREST's generated SQL does. GET/HEAD and non-volatile functions run
 * read-only.
 */
export async function handleRpc(request: RestRequest, functionName: string): Promise<void> {
  const { method, url, schemaName } = request;
  if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') {
    throw new PostgrestError(405, 'PGRST101', `Cannot use the ${method} method on RPC`);
  }
  const candidates = await request.schema.functions(schemaName, functionName);
  let args: Record<string, unknown>;
  let wholeBody: unknown;
  if (method === 'POST') {
    const body = await readJsonBody(request);
    wholeBody = body ?? {};
    if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) {
      const single = candidates.find(takesWholeBody);
      if (!single)
        throw new PostgrestError(
          400,
          'PGRST102',
          'Empty or invalid json',
          'RPC arguments must be a JSON object',
        );
    }
    args =
      body !== null && typeof body === 'object' && !Array.isArray(body)
        ? (body as Record<string, unknown>)
        : {};
  } else {
    args = {};
    for (const [key, value] of url.searchParams) args[key] = value;
  }
  const chosen = chooseFunction(candidates, schemaName, functionName, Object.keys(args), method !== 'POST');
  const argNames = chosen.wholeBody
    ? []
    : chosen.fn.args.map((arg) => arg.name).filter((name) => name in args);
  const query = parseReadQuery(
    url.searchParams,
    request.req.headers,
    (key) => method !== 'POST' && argNames.includes(key),
  );
  const types = new Map(chosen.fn.args.map((arg) => [arg.name, arg.type]));
  // Query-string values are text; a json/jsonb parameter gets the JSON the text spells.
  const valueOf = (name: string) =>
    method !== 'POST' && /^jsonb?$/.test(types.get(name) ?? '') ? parseJsonText(args[name]) : args[name];
  const callArgs = chosen.wholeBody
    ? wholeBody
    : Object.fromEntries(argNames.map((name) => [name, valueOf(name)]));
  const readOnly = method !== 'POST' || !chosen.fn.volatile;
  const result = await runAsRole(
    request.db,
    {
      identity: request.identity,
      method,
      path: url.pathname,
      readOnly,
      schema: schemaName,
      headers: request.req.headers,
    },
    async (tx) => {
      const params = new SqlParams();
      const argsParam = chosen.wholeBody || argNames.length > 0 ? params.add(JSON.stringify(callArgs)) : '';
      const sql = rpcSql(chosen.fn, chosen.wholeBody, argNames, argsParam, query, params);
      return (await tx.query<{ body: string | null; rows: number }>(sql, params.values)).rows[0];
    },
  );
  if (chosen.fn.returnsVoid) return sendEmpty(request.res, 204);
  const body = result?.body ?? 'null';
  if (chosen.fn.returnsSet && wantsSingleObject(request.req.headers)) {
    const rows = result?.rows ?? 0;
    if (rows !== 1)
      throw new PostgrestError(
        406,
        'PGRST116',
        'Cannot coerce the result to a single JSON object',
        `The result contains ${rows} rows`,
      );
    return sendText(request.res, 200, body.slice(1, -1), JSON_TYPE);
  }
  const headers: Record<string, string> = { ...JSON_TYPE };
  if (chosen.fn.returnsSet) {
    const rows = result?.rows ?? 0;
    headers['Content-Range'] = rows > 0 ? `${query.offset}-${query.offset + rows - 1}/*` : '*/*';
  }
  return sendText(request.res, 200, body, headers);
}

function parseJsonText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function takesWholeBody(fn: FunctionInfo): boolean {
  return (
    fn.args.length === 1 &&
    fn.args[0]!.name === '' &&
    (fn.args[0]!.type === 'json' || fn.args[0]!.type === 'jsonb')
  );
}

/**
 * PostgREST's overload choice: a function whose named parameters include every supplied key
 * (on GET, keys that are not parameters are filters) and whose parameters without defaults are
 * all supplied; otherwise the one taking a single unnamed json/jsonb body.
 */
function chooseFunction(
  candidates: readonly FunctionInfo[],
  schemaName: string,
  name: string,
  keys: readonly string[],
  keysMayBeFilters: boolean,
): { fn: FunctionInfo; wholeBody: boolean } {
  const matches = candidates.filter((fn) => {
    if (takesWholeBody(fn)) return false;
    const names = new Set(fn.args.map((arg) => arg.name));
    if (!keysMayBeFilters && keys.some((key) => !names.has(key))) return false;
    return fn.args.every((arg) => arg.hasDefault || keys.includes(arg.name));
  });
  if (matches.length === 1) return { fn: matches[0]!, wholeBody: false };
  if (matches.length > 1) {
    throw new PostgrestError(
      300,
      'PGRST203',
      `Could not choose the best candidate function between: ${matches.map((fn) => `${schemaName}.${name}(${fn.args.map((arg) => `${arg.name} => ${arg.type}`).join(', ')})`).join(', ')}`,
      null,
      'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
    );
  }
  const single = candidates.find(takesWholeBody);
  if (single && !keysMayBeFilters) return { fn: single, wholeBody: true };
  const sorted = [...keys].sort();
  const described =
    sorted.length === 0
      ? 'without parameters'
      : `with parameter${sorted.length > 1 ? 's' : ''} ${sorted.join(', ')}`;
  throw new PostgrestError(
    404,
    'PGRST202',
    `Could not find the function ${schemaName}.${name}${sorted.length === 0 ? '' : `(${sorted.join(', ')})`} in the schema cache`,
    `Searched for the function ${schemaName}.${name} ${described}${sorted.length === 0 ? '' : ' or with a single unnamed json/jsonb parameter'}, but no matches were found in the schema cache.`,
    candidates.length > 0 ? `Perhaps you meant to call the function ${schemaName}.${name}` : null,
  );
}

function rpcSql(
  fn: FunctionInfo,
  wholeBody: boolean,
  argNames: readonly string[],
  argsParam: string,
  query: ReadQuery,
  params: SqlParams,
): string {
  const target = `${quoteIdentifier(fn.schema)}.${quoteIdentifier(fn.name)}`;
  let source: string;
  let call: string;
  if (wholeBody) {
    source = '';
    call = `${target}(${argsParam}::${fn.args[0]!.type})`;
  } else if (argNames.length === 0) {
    source = '';
    call = `${target}()`;
  } else {
    const types = new Map(fn.args.map((arg) => [arg.name, arg.type]));
    const record = argNames.map((name) => `${quoteIdentifier(name)} ${types.get(name)}`).join(', ');
    source = `json_to_record(${argsParam}::json) as _args(${record})`;
    call = `${target}(${argNames.map((name) => `${quoteIdentifier(name)} => _args.${quoteIdentifier(name)}`).join(', ')})`;
  }
  if (!fn.returnsSet) {
    if (fn.returnsRow)
      return `select to_json(_f)::text as body, 1 as rows from ${source ? `${source}, lateral ` : ''}${call} as _f`;
    const value = fn.returnsVoid ? `${call} is null, null::text` : `to_json(${call})::text`;
    return `select ${value} as body, 1 as rows${source ? ` from ${source}` : ''}`;
  }
  const from = `${source ? `${source}, lateral ` : ''}${call} as _f`;
  if (!fn.returnsRow)
    return `select coalesce(json_agg(_f), '[]')::text as body, count(*)::int as rows from ${from}`;
  const relation: Relation = { name: fn.name, alias: '_f', columns: undefined };
  const limit = query.limit === undefined ? '' : ` limit ${query.limit}`;
  const offset = query.offset ? ` offset ${query.offset}` : '';
  const inner = `select ${selectListSql(query.select, relation)} from ${from}${whereSql(query.conditions, relation, params)}${orderSql(query.order, relation)}${limit}${offset}`;
  return `select coalesce(json_agg(_s), '[]')::text as body, count(*)::int as rows from (${inner}) _s`;
}
