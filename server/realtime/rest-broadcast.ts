import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from '../auth/request-auth.ts';
import { passesApiKeyGate } from '../http/api-key-gate.ts';
import { BodyTooLargeError, parseJsonBody, readBody } from '../http/read-body.ts';
import type { ChannelAuthorizer } from './channel-authorization.ts';
import { sendEmpty, sendJson } from '../http/send.ts';
import type { BroadcastBody } from './phoenix-frames.ts';
import type { RealtimeHub } from './realtime-hub.ts';

type Json = Record<string, unknown>;
const obj = (value: unknown): Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};

const BATCH_PATH = '/realtime/v1/api/broadcast';
/** `httpSend(event, payload)`: `/realtime/v1/api/broadcast/<sub-topic>/events/<event>[?private=true]`. */
const SINGLE_PATH = /^\/realtime\/v1\/api\/broadcast\/([^/]+)\/events\/([^/]+)$/;

export interface RestBroadcastDeps {
  readonly auth: Authenticator;
  readonly authorizer: ChannelAuthorizer;
  readonly hub: RealtimeHub;
  readonly bodyLimit: number;
  readonly apiKeys: readonly string[];
}

/**
 * Realtime's REST broadcast: the batch form supabase-js falls back to before a channel is joined
 * (`{messages: [{topic, event, payload, private}]}`) and the single-event form of `httpSend`
 * (body = the payload, JSON or raw bytes). Both answer 202. Behind the same apikey gate as REST
 * and Auth; the caller must be signed in (anon sends nothing), and a private message needs the
 * broadcast INSERT policy of its topic, as a websocket send does.
 */
export async function handleRestBroadcast(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  { auth, authorizer, hub, bodyLimit, apiKeys }: RestBroadcastDeps,
): Promise<void> {
  const single = SINGLE_PATH.exec(url.pathname);
  if (req.method !== 'POST' || (url.pathname !== BATCH_PATH && !single)) {
    return sendJson(res, 404, { message: 'Not Found' });
  }
  if (!passesApiKeyGate(req, res, url, apiKeys)) return;
  const identified = await auth.identifyRequest(req.headers);
  if (identified.kind !== 'identity')
    return sendJson(res, 401, { message: 'Unauthorized', error: identified.message });
  const identity = identified.identity;
  if (identity.role === 'anon')
    return sendJson(res, 401, { message: 'Unauthorized: broadcasts need a signed-in user' });
  const mayPublish = async (topic: string, isPrivate: boolean): Promise<boolean> =>
    !isPrivate ||
    identity.role === 'service_role' ||
    authorizer.write(topic, 'broadcast', identity, req.headers as Record<string, unknown>);
  let body: Buffer;
  try {
    body = await readBody(req, bodyLimit);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return sendJson(res, 413, { message: error.message });
    throw error;
  }
  if (single) {
    const isPrivate = url.searchParams.get('private') === 'true';
    if (!(await mayPublish(decodeURIComponent(single[1]!), isPrivate)))
      return sendJson(res, 401, { message: 'Unauthorized: the policies refuse broadcasts on this topic' });
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
  for (const m of valid) {
    if (!(await mayPublish(String(m['topic']), m['private'] === true)))
      return sendJson(res, 401, {
        message: `Unauthorized: the policies refuse broadcasts on ${String(m['topic'])}`,
      });
  }
  for (const m of valid) {
    const payload: BroadcastBody = { encoding: 'json', value: m['payload'] ?? {} };
    hub.broadcast(`realtime:${String(m['topic'])}`, String(m['event']), payload, {
      isPrivate: m['private'] === true,
    });
  }
  return sendEmpty(res, 202);
}
