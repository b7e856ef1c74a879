import type { IncomingHttpHeaders } from 'node:http';
import { PostgrestError } from './postgrest-error.ts';
import {
  parseColumnPath,
  parseFilter,
  parseLogic,
  parseNonNegativeInteger,
  parseOrder,
  parseSelect,
  type Condition,
  type OrderTerm,
  type SelectItem,
} from './query-grammar.ts';

/** What the query string and Range header of a read (or of a write's returned rows) ask for. */
export interface ReadQuery {
  readonly select: readonly SelectItem[];
  readonly conditions: readonly Condition[];
  readonly order: readonly OrderTerm[];
  readonly limit: number | undefined;
  readonly offset: number;
  readonly onConflict: readonly string[] | undefined;
  readonly columns: readonly string[] | undefined;
}

const RESERVED = new Set(['select', 'columns', 'on_conflict', 'order', 'limit', 'offset']);

/**
 * Reads `select`, filters, `or`/`and`, `order`, `limit`, `offset`, `on_conflict`, `columns` and the
 * `Range` header. `isArgument` lets GET RPC keep function arguments out of the filters.
 */
export function parseReadQuery(
  params: URLSearchParams,
  headers: IncomingHttpHeaders,
  isArgument: (key: string) => boolean = () => false,
): ReadQuery {
  const conditions: Condition[] = [];
  for (const [key, value] of params) {
    if (RESERVED.has(key) || isArgument(key)) continue;
    if (key.includes('.') && /\.(order|limit|offset|or|and)$/.test(key)) {
      throw new PostgrestError(
        400,
        'PGRST200',
        `Could not find a relationship for '${key.split('.')[0]}' in the schema cache`,
        'Embedded resources are not supported by this server',
      );
    }
    const logic = /^(not\.)?(or|and)$/.exec(key);
    if (logic) conditions.push(parseLogic(logic[2] as 'or' | 'and', logic[1] !== undefined, value));
    else conditions.push(parseFilter(parseColumnPath(key), value));
  }
  const select = params.get('select');
  const order = params.get('order');
  const limitText = params.get('limit');
  const offsetText = params.get('offset');
  let limit = limitText === null ? undefined : parseNonNegativeInteger('limit', limitText);
  let offset = offsetText === null ? 0 : parseNonNegativeInteger('offset', offsetText);
  const range = rangeHeader(headers);
  if (range) {
    // PostgREST intersects the Range header with limit/offset; the header alone is the common case.
    offset = Math.max(offset, range.from);
    const rangeLimit = range.to === undefined ? undefined : range.to - range.from + 1;
    limit = limit === undefined ? rangeLimit : rangeLimit === undefined ? limit : Math.min(limit, rangeLimit);
  }
  return {
    select:
      select === null || select === ''
        ? [{ target: '*', alias: undefined, cast: undefined }]
        : parseSelect(select),
    conditions,
    order: order === null ? [] : parseOrder(order),
    limit,
    offset,
    onConflict: params
      .get('on_conflict')
      ?.split(',')
      .map((name) => parseColumnPath(name).column),
    columns: params
      .get('columns')
      ?.split(',')
      .map((name) => parseColumnPath(name).column),
  };
}

function rangeHeader(headers: IncomingHttpHeaders): { from: number; to: number | undefined } | undefined {
  const value = headers.range;
  if (!value) return undefined;
  const match = /^(?:items=)?\s*(\d+)-(\d*)\s*$/.exec(value);
  if (!match)
    throw new PostgrestError(
      416,
      'PGRST103',
      'Requested range not satisfiable',
      `Invalid Range header "${value}"`,
    );
  const from = Number(match[1]);
  const to = match[2] === '' ? undefined : Number(match[2]);
  if (to !== undefined && to < from)
    throw new PostgrestError(
      416,
      'PGRST103',
      'Requested range not satisfiable',
      `Invalid Range header "${value}"`,
    );
  return { from, to };
}
