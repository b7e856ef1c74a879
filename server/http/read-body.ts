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

export function parseJsonBody(body: Buffer): JsonBody {
  const text = body.toString('utf8');
  if (text.trim() === '') return { kind: 'json', value: undefined };
  try {
    return { kind: 'json', value: JSON.parse(text) as unknown };
  } catch (error) {
    return { kind: 'invalid', reason: error instanceof Error ? error.message : String(error) };
  }
}
