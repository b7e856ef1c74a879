import type { IncomingMessage } from 'node:http';

/** Thrown when a request body exceeds the limit of its service; nothing has been processed yet. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  constructor(readonly limit: number) {
    super(`The request body exceeds the limit of ${limit} bytes`);
  }
}

/**
 * Reads the whole body into memory, refusing early (by Content-Length, or as soon as the running
 * total passes `limit`) so an oversized upload never fills memory.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) {
    req.resume();
    throw new BodyTooLargeError(limit);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit) {
      req.resume();
      throw new BodyTooLargeError(limit);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The outcome of parsing a JSON body: a value, or the parser's reason it is not JSON. */
export type JsonBody = { kind: 'json'; value: unknown } | { kind: 'invalid'; reason: string };

/**
 * How deep a request body's arrays and objects may nest. Clinic data nests a few levels (a
 * push: array → mutation → data → a record section); a body nested thousands deep only costs
 * the parser's and the database's stack, so it is refused before either sees it.
 */
export const MAX_JSON_DEPTH = 64;

export function parseJsonBody(body: Buffer): JsonBody {
  const text = body.toString('utf8');
  if (text.trim() === '') return { kind: 'json', value: undefined };
  if (nestingExceeds(text, MAX_JSON_DEPTH))
    return { kind: 'invalid', reason: `JSON nests deeper than ${MAX_JSON_DEPTH} levels, the limit` };
  try {
    return { kind: 'json', value: JSON.parse(text) as unknown };
  } catch (error) {
    return { kind: 'invalid', reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Whether brackets outside strings nest deeper than `limit` (one pass, no parsing). */
export function nestingExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c)
        i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > limit) return true;
    } else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  return false;
}
