import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { identifyRequest, identifyToken } from '../auth/request-auth.ts';
import type { JwtKeys } from '../auth/jwt-keys.ts';
import type { Database, Unlisten } from '../db/database.ts';
import { BodyTooLargeError, parseJsonBody, readBody } from '../http/read-body.ts';
import { sendEmpty, sendJson } from '../http/send.ts';
import type { ProtocolVersion } from './phoenix-frames.ts';
import { RealtimeConnection } from './realtime-connection.ts';
import { RealtimeHub } from './realtime-hub.ts';

export const REALTIME_SOCKET_PATH = '/realtime/v1/websocket';
/** Largest websocket frame accepted; a bigger one closes that socket (1009), nobody else's. */
const MAX_FRAME_BYTES = 1024 * 1024;

export interface RealtimeServer {
  readonly hub: RealtimeHub;
  handleHttp(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;
const obj = (value: unknown): Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};

/**
 * Realtime on the HTTP server: the Phoenix websocket, the REST broadcast endpoint, and delivery of
 * `realtime.send` messages. Those arrive through LISTEN `realtime_messages`, which Postgres
 * delivers only after the sending transaction commits, so a client that pulls on a poke always
 * finds the rows that caused it.
 */
export async function startRealtime(
  server: Server,
  db: Database,
  keys: JwtKeys,
  bodyLimit: number,
  idleTimeoutMs = 60_000,
): Promise<RealtimeServer> {
  const hub = new RealtimeHub();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const connections = new Set<RealtimeConnection>();
  // Phoenix drops a socket that stops heartbeating; without this a vanished tablet would stay
  // "present" for ever.
  const sweep = setInterval(
    () => {
      const cutoff = Date.now() - idleTimeoutMs;
      for (const connection of connections) {
        if (connection.lastSeen < cutoff) {
          connections.delete(connection);
          connection.terminate();
        }
      }
    },
    Math.max(100, Math.min(15_000, idleTimeoutMs / 4)),
  );
  sweep.unref();

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const reject = (status: number, message: string) => {
      socket.end(
        `HTTP/1.1 ${status} ${message}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${JSON.stringify({ message })}`,
      );
    };
    if (url.pathname !== REALTIME_SOCKET_PATH && url.pathname !== `${REALTIME_SOCKET_PATH}/`)
      return reject(404, 'Not Found');
    const vsn = url.searchParams.get('vsn') ?? '1.0.0';
    const version: ProtocolVersion | undefined = vsn.startsWith('2.')
      ? '2.0.0'
      : vsn.startsWith('1.')
        ? '1.0.0'
        : undefined;
    if (!version) return reject(400, 'Unsupported vsn');
    const apikey =
      url.searchParams.get('apikey') ?? (typeof req.headers.apikey === 'string' ? req.headers.apikey : null);
    if (!apikey) return reject(403, 'Forbidden');
    identifyToken(apikey, keys)
      .then((identified) => {
        if (identified.kind !== 'identity') return reject(403, 'Forbidden');
        wss.handleUpgrade(req, socket, head, (ws) => {
          const connection = new RealtimeConnection(ws, version, identified.identity, hub, keys);
          connections.add(connection);
          ws.once('close', () => connections.delete(connection));
        });
      })
      .catch(() => reject(500, 'Internal Server Error'));
  };
  server.on('upgrade', onUpgrade);

  const unlisten: Unlisten = await db.listen('realtime_messages', (text) => {
    let message: Json;
    try {
      message = obj(JSON.parse(text));
    } catch {
      return;
    }
    if (typeof message['topic'] !== 'string' || typeof message['event'] !== 'string') return;
    hub.broadcast(
      `realtime:${message['topic']}`,
      message['event'],
      { encoding: 'json', value: message['payload'] ?? {} },
      { isPrivate: message['private'] === true },
    );
  });

  return {
    hub,
    async handleHttp(req, res, url) {
      const path = url.pathname;
      if (path !== '/realtime/v1/api/broadcast' || req.method !== 'POST')
        return sendJson(res, 404, { message: 'Not Found' });
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
      const parsed = parseJsonBody(body);
      const messages = parsed.kind === 'json' ? obj(parsed.value)['messages'] : undefined;
      if (!Array.isArray(messages))
        return sendJson(res, 400, { message: 'Body must be {"messages": [...]}' });
      const valid = messages
        .map(obj)
        .filter((m) => typeof m['topic'] === 'string' && typeof m['event'] === 'string');
      if (valid.length !== messages.length)
        return sendJson(res, 400, { message: 'Each message needs a topic and an event' });
      if (identified.identity.role === 'anon' && valid.some((m) => m['private'] === true)) {
        return sendJson(res, 401, { message: 'Unauthorized: private broadcasts need a signed-in user' });
      }
      for (const m of valid) {
        hub.broadcast(
          `realtime:${String(m['topic'])}`,
          String(m['event']),
          { encoding: 'json', value: m['payload'] ?? {} },
          { isPrivate: m['private'] === true },
        );
      }
      return sendEmpty(res, 202);
    },
    async close() {
      clearInterval(sweep);
      server.off('upgrade', onUpgrade);
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((done) => wss.close(() => done()));
      await unlisten().catch(() => undefined);
    },
  };
}
