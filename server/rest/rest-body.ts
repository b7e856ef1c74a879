import { PostgrestError } from './postgrest-error.ts';
import { BodyTooLargeError, parseJsonBody, readBody } from '../http/read-body.ts';
import type { RestRequest } from './rest-context.ts';

/**
 * Reads a JSON request body. An oversized body is refused with 413 before any SQL runs; a body
 * that is not JSON is PostgREST's PGRST102.
 */
export async function readJsonBody(request: RestRequest): Promise<unknown> {
  let bytes: Buffer;
  try {
    bytes = await readBody(request.req, request.bodyLimit);
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      throw new PostgrestError(413, 'PGRST413', 'Payload Too Large', error.message);
    throw error;
  }
  const parsed = parseJsonBody(bytes);
  if (parsed.kind === 'invalid')
    throw new PostgrestError(400, 'PGRST102', 'Empty or invalid json', parsed.reason);
  return parsed.value;
}
