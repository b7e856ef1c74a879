import { sendEmpty, sendText } from '../http/send.ts';
import { PostgrestError } from './postgrest-error.ts';
import type { RestRequest } from './rest-context.ts';

export const JSON_CONTENT = { 'Content-Type': 'application/json; charset=utf-8' };

/** Rows built by Postgres as one JSON array text, with how many there are. */
export interface JsonRows {
  readonly body: string;
  readonly rows: number;
}

/** `.single()`: exactly one row or PGRST116. Thrown inside a write's transaction, it rolls the write back. */
export function assertSingle(result: JsonRows): void {
  if (result.rows !== 1) {
    throw new PostgrestError(
      406,
      'PGRST116',
      'Cannot coerce the result to a single JSON object',
      `The result contains ${result.rows} rows`,
    );
  }
}

/** A json_agg array holding exactly one element, unwrapped to that element's text. */
export function singleObject(result: JsonRows): string {
  return result.body.slice(1, -1).trim();
}

/** Content-Range as PostgREST computes it (`RangeQuery.hs`): `from-to/total`, `*` for unknowns. */
export function contentRange(offset: number, rows: number, total: number | undefined): string {
  const range = rows > 0 && total !== 0 ? `${offset}-${offset + rows - 1}` : '*';
  return `${range}/${total ?? '*'}`;
}

export function sendRows(
  request: RestRequest,
  status: number,
  result: JsonRows,
  single: boolean,
  headers: Record<string, string>,
): void {
  if (single) return sendText(request.res, status, singleObject(result), { ...JSON_CONTENT, ...headers });
  return sendText(request.res, status, result.body, { ...JSON_CONTENT, ...headers });
}

export function sendNoRows(request: RestRequest, status: number, headers: Record<string, string>): void {
  sendEmpty(request.res, status, headers);
}
