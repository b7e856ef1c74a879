import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './send.ts';

/**
 * What Supabase's gateway (Kong `key-auth`) does in front of REST and Auth: the `apikey` header
 * (or query parameter) must be one of the project's API keys. Returns false after answering 401
 * in Kong's shape.
 */
export function passesApiKeyGate(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  keys: readonly string[],
): boolean {
  const header = req.headers.apikey;
  const apikey =
    (typeof header === 'string' ? header : undefined) ?? url.searchParams.get('apikey') ?? undefined;
  if (apikey === undefined || apikey === '') {
    sendJson(res, 401, { message: 'No API key found in request' });
    return false;
  }
  if (!keys.includes(apikey)) {
    sendJson(res, 401, { message: 'Invalid authentication credentials' });
    return false;
  }
  return true;
}
