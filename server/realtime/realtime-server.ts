import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Authenticator } from '../auth/request-auth.ts';
import type { Database, Unlisten } from '../db/database.ts';
import { ChannelAuthorizer } from './channel-authorization.ts';
import type { ProtocolVersion } from './phoenix-frames.ts';
import { RealtimeConnection } from './realtime-connection.ts';
import { RealtimeHub } from './realtime-hub.ts';
import { handleRestBroadcast } from './rest-broadcast.ts';
import { pruneRealtimeMessages, REALTIME_MESSAGE_PRUNE_MS } from './message-retention.ts';

export const REALTIME_SOCKET_PATH = '/realtime/v1/websocket';
/** How often every member's token is checked again (sign-out, ban, expiry). */
const REVALIDATE_MS = 5_000;

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
  auth: Authenticator,
  bodyLimit: number,
  idleTimeoutMs = 60_000,
): Promise<RealtimeServer> {
  const hub = new RealtimeHub();
  const authorizer = new ChannelAuthorizer(db);
  const apiKeys = [auth.keys.anonKey, auth.keys.serviceRoleKey];
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
  // Tokens are checked again every few seconds: a sign-out, a ban or an expiry takes a member out
  // of its channels within that time even if its client never sends a new token.
  let revalidating = false;
  const recheck = setInterval(() => {
    if (revalidating) return;
    revalidating = true;
    void Promise.all(
      [...connections].map((connection) => connection.revalidate().catch(() => undefined)),
    ).finally(() => {
      revalidating = false;
    });
  }, REVALIDATE_MS);
  recheck.unref();
  // Delivered messages are not kept for ever (message-retention.ts): once at start, then hourly.
  const pruneOld = () => void pruneRealtimeMessages(db).catch(() => undefined);
  pruneOld();
  const prune = setInterval(pruneOld, REALTIME_MESSAGE_PRUNE_MS);
  prune.unref();

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
    // The gateway's key-auth, as in front of Supabase's Realtime: only the project's API keys.
    if (!apikey || !apiKeys.includes(apikey)) return reject(403, 'Forbidden');
    auth
      .identifyToken(apikey)
      .then((identified) => {
        if (identified.kind !== 'identity') return reject(403, 'Forbidden');
        wss.handleUpgrade(req, socket, head, (ws) => {
          const connection = new RealtimeConnection(
            ws,
            version,
            identified.identity,
            hub,
            auth,
            authorizer,
            lowerCaseHeaders(req),
          );
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
    handleHttp: (req, res, url) =>
      handleRestBroadcast(req, res, url, { auth, authorizer, hub, bodyLimit, apiKeys }),
    async close() {
      clearInterval(sweep);
      clearInterval(recheck);
      clearInterval(prune);
      server.off('upgrade', onUpgrade);
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((done) => wss.close(() => done()));
      await unlisten().catch(() => undefined);
    },
  };
}

/** The request's headers by lower-case name, as `request.headers` holds them for policies. */
function lowerCaseHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}
