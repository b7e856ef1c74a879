import type { IncomingMessage, ServerResponse } from 'node:http';
import { identifyRequest, type RequestIdentity } from '../auth/request-auth.ts';
import type { JwtKeys } from '../auth/jwt-keys.ts';
import { BodyTooLargeError, parseJsonBody, readBody } from '../http/read-body.ts';
import { sendEmpty, sendJson } from '../http/send.ts';
import type { BroadcastBody } from './phoenix-frames.ts';
import type { RealtimeHub } from './realtime-hub.ts';

type Json = Record<string, unknown>;
const obj = (value: unknown): Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};

const BATCH_PATH = '/realtime/v1/api/broadcast';
/** `httpSend(event, payload)`: `/realtime/v1/api/broadcast/<sub-topic>/events/<event>[?private=true]`. */
const SINGLE_PATH = /^\/realtime\/v1\/api\/broadcast\/([^/]+)\/events\/([^/]+)$/;

/**
 * Realtime's REST broadcast: the batch form supabase-js falls back to before a channel is joined
 * (`{messages: [{topic, event, payload, private}]}`) and the single-event form of `httpSend`
 * (body = the payload, JSON or raw bytes). Both answer 202; private messages need a signed-in
 * caller.
 */
export async function handleRestBroadcast(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  keys: JwtKeys,
  hub: RealtimeHub,
  bodyLimit: number,
): Promise<void> {
  const single = SINGLE_PATH.exec(url.pathname);
  if (req.method !== 'POST' || (url.pathname !== BATCH_PATH && !single)) {
    return sendJson(res, 404, { message: 'Not Found' });
  }
  const identified = await identifyRequest(req.headers, keys);
  if (identified.kind !== 'identity')
    return sendJson(res, 401, { message: 'Unauthorized', error: identified.message });
  let body: Buffer;
  try {
    body = await readBody(req, bodyLimit);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return sendJson(res, 413, { message: error.message });
    throw error;
  }
  if (single) {
    const isPrivate = url.searchParams.get('private') === 'true';
    if (!mayPublish(identified.identity, isPrivate)) return sendJson(res, 401, { message: 'Unauthorized' });
    const binary = (req.headers['content-type'] ?? '').startsWith('application/octet-stream');
    const parsed = binary ? undefined : parseJsonBody(body);
    if (parsed?.kind === 'invalid')
      return sendJson(res, 400, { message: `Body is not JSON: ${parsed.reason}` });
    const payload: BroadcastBody = binary
      ? { encoding: 'binary', bytes: body }
      : { encoding: 'json', value: parsed?.value ?? {} };
    hub.broadcast(`realtime:${decodeURIComponent(single[1]!)}`, decodeURIComponent(single[2]!), payload, {
      isPrivate,
    });
    return sendEmpty(res, 202);
  }
  const parsed = parseJsonBody(body);
  const messages = parsed.kind === 'json' ? obj(parsed.value)['messages'] : undefined;
  if (!Array.isArray(messages)) return sendJson(res, 400, { message: 'Body must be {"messages": [...]}' });
  const valid = messages
    .map(obj)
    .filter((m) => typeof m['topic'] === 'string' && typeof m['event'] === 'string');
  if (valid.length !== messages.length)
    return sendJson(res, 400, { message: 'Each message needs a topic and an event' });
  if (valid.some((m) => !mayPublish(identified.identity, m['private'] === true))) {
    return sendJson(res, 401, { message: 'Unauthorized: private broadcasts need a signed-in user' });
  }
  for (const m of valid) {
    const payload: BroadcastBody = { encoding: 'json', value: m['payload'] ?? {} };
    hub.broadcast(`realtime:${String(m['topic'])}`, String(m['event']), payload, {
      isPrivate: m['private'] === true,
    });
  }
  return sendEmpty(res, 202);
}

function mayPublish(identity: RequestIdentity, isPrivate: boolean): boolean {
  return !isPrivate || identity.role !== 'anon';
}
