import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * An HTTP + websocket proxy that sits between a client and the local server and injects the
 * failures a clinic's link really has. Requests are forwarded byte for byte; the fault for each
 * request is chosen by a policy the test controls.
 *
 * - `drop-request`: the connection is destroyed before anything reaches the server.
 * - `drop-response`: the request is forwarded, the server's whole answer is read (so whatever it
 *   committed is committed) and then the client's connection is destroyed without an answer.
 * - `error-500`: answered 500 by the proxy; the server never sees the request.
 * - `error-500-after-commit`: forwarded, then the server's answer is replaced by a 500.
 * - `delay`: forwarded after `delayMs`.
 * - `answer`: the proxy answers with the given status and body itself (a lying or broken server).
 * - `cut-request`: the first `afterBytes` of the body reach the server, then both connections
 *   die (a link lost in the middle of an upload: the server saw part of the bytes, the client no
 *   answer).
 * Websockets are tunnelled untouched; `cutWebsockets()` destroys every open tunnel.
 */
export type Fault =
  | { readonly kind: 'pass' }
  | { readonly kind: 'drop-request' }
  | { readonly kind: 'drop-response' }
  | { readonly kind: 'error-500' }
  | { readonly kind: 'error-500-after-commit' }
  | { readonly kind: 'delay'; readonly delayMs: number }
  | { readonly kind: 'answer'; readonly status: number; readonly body: string }
  | { readonly kind: 'cut-request'; readonly afterBytes: number };

export type FaultKind = Fault['kind'];

export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
}

export type FaultPolicy = (request: ProxiedRequest) => Fault;

export interface FaultProxy {
  readonly url: string;
  setPolicy(policy: FaultPolicy): void;
  /** Refuses every request (as `drop-request`) and cuts websockets: the link is down. */
  setOffline(offline: boolean): void;
  cutWebsockets(): void;
  /** How many times each fault was injected so far. */
  readonly injected: Readonly<Record<FaultKind, number>>;
  close(): Promise<void>;
}

export const passThrough: FaultPolicy = () => ({ kind: 'pass' });

export interface RandomFaultRates {
  readonly dropRequest: number;
  readonly dropResponse: number;
  readonly error500: number;
  readonly error500AfterCommit: number;
  readonly delay: number;
  readonly maxDelayMs: number;
}

/**
 * A reproducible random policy: faults only hit the sync RPCs (so sign-in stays possible), with
 * the given probabilities, drawn from a seeded generator so a failing run can be replayed.
 */
export function randomFaults(seed: number, rates: RandomFaultRates, applies = isSyncRpc): FaultPolicy {
  const next = mulberry32(seed);
  return (request) => {
    if (!applies(request)) return { kind: 'pass' };
    let roll = next();
    const pick = (rate: number): boolean => {
      if (roll < rate) return true;
      roll -= rate;
      return false;
    };
    if (pick(rates.dropRequest)) return { kind: 'drop-request' };
    if (pick(rates.dropResponse)) return { kind: 'drop-response' };
    if (pick(rates.error500)) return { kind: 'error-500' };
    if (pick(rates.error500AfterCommit)) return { kind: 'error-500-after-commit' };
    if (pick(rates.delay)) return { kind: 'delay', delayMs: Math.floor(next() * rates.maxDelayMs) };
    return { kind: 'pass' };
  };
}

export function isSyncRpc(request: ProxiedRequest): boolean {
  return request.path.startsWith('/rest/v1/rpc/sync_');
}

/** A small seeded generator (mulberry32): enough spread for fault rolls, fully reproducible. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FaultProxyOptions {
  /**
   * Forward the client's own Host header instead of the target's: a browser that loads the app
   * through the proxy is then told (app-config.json) to reach the server through it too.
   */
  readonly keepHost?: boolean;
}

export async function startFaultProxy(
  targetUrl: string,
  options: FaultProxyOptions = {},
): Promise<FaultProxy> {
  const target = new URL(targetUrl);
  const hostOf = (req: http.IncomingMessage): string =>
    options.keepHost && req.headers.host ? req.headers.host : target.host;
  const targetPort = Number(target.port || 80);
  let policy: FaultPolicy = passThrough;
  let offline = false;
  const tunnels = new Set<Duplex>();
  const injected: Record<FaultKind, number> = {
    pass: 0,
    'drop-request': 0,
    'drop-response': 0,
    'error-500': 0,
    'error-500-after-commit': 0,
    delay: 0,
    answer: 0,
    'cut-request': 0,
  };

  const server = http.createServer((req, res) => {
    const request = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers };
    const fault: Fault = offline ? { kind: 'drop-request' } : policy(request);
    injected[fault.kind] += 1;
    // A client that gives up mid-body (an aborted upload) ends its request here, quietly.
    handle(fault, req, res).catch(() => req.socket.destroy());
  });

  async function handle(fault: Fault, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readAll(req);
    if (fault.kind === 'drop-request') {
      req.socket.destroy();
      return;
    }
    if (fault.kind === 'error-500') {
      sendInjected500(res);
      return;
    }
    if (fault.kind === 'answer') {
      res.writeHead(fault.status, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      res.end(fault.body);
      return;
    }
    if (fault.kind === 'cut-request') {
      cutUpstream(req, body.subarray(0, fault.afterBytes));
      return;
    }
    if (fault.kind === 'delay') await sleep(fault.delayMs);
    let upstream: UpstreamAnswer;
    try {
      upstream = await forward(req, body);
    } catch {
      req.socket.destroy();
      return;
    }
    if (fault.kind === 'drop-response') {
      req.socket.destroy();
      return;
    }
    if (fault.kind === 'error-500-after-commit') {
      sendInjected500(res);
      return;
    }
    res.writeHead(upstream.status, upstream.headers);
    res.end(upstream.body);
  }

  function forward(req: http.IncomingMessage, body: Buffer): Promise<UpstreamAnswer> {
    return new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: hostOf(req) };
      const outgoing = http.request(
        { host: target.hostname, port: targetPort, method: req.method, path: req.url, headers },
        (answer) => {
          void readAll(answer).then(
            (data) =>
              resolve({
                status: answer.statusCode ?? 502,
                headers: withoutHopHeaders(answer.headers),
                body: data,
              }),
            reject,
          );
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  /** Sends the headers and `partial` of the body, gives the server a moment, then cuts both sides. */
  function cutUpstream(req: http.IncomingMessage, partial: Buffer): void {
    const headers = { ...req.headers, host: hostOf(req) };
    const outgoing = http.request({
      host: target.hostname,
      port: targetPort,
      method: req.method,
      path: req.url,
      headers,
    });
    outgoing.on('error', () => undefined);
    outgoing.write(partial, () => {
      setTimeout(() => {
        outgoing.destroy();
        req.socket.destroy();
      }, 100);
    });
  }

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    if (offline) {
      socket.destroy();
      return;
    }
    const upstream = net.connect(targetPort, target.hostname, () => {
      const lines = [`${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const name = req.rawHeaders[i] ?? '';
        const value = name.toLowerCase() === 'host' ? hostOf(req) : (req.rawHeaders[i + 1] ?? '');
        lines.push(`${name}: ${value}`);
      }
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    const close = (): void => {
      tunnels.delete(socket);
      socket.destroy();
      upstream.destroy();
    };
    tunnels.add(socket);
    socket.on('error', close);
    socket.on('close', close);
    upstream.on('error', close);
    upstream.on('close', close);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;

  const cutWebsockets = (): void => {
    for (const socket of tunnels) socket.destroy();
    tunnels.clear();
  };

  return {
    url: `http://127.0.0.1:${address.port}`,
    setPolicy(next) {
      policy = next;
    },
    setOffline(value) {
      offline = value;
      if (value) cutWebsockets();
    },
    cutWebsockets,
    injected,
    async close() {
      cutWebsockets();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface UpstreamAnswer {
  readonly status: number;
  readonly headers: http.OutgoingHttpHeaders;
  readonly body: Buffer;
}

function sendInjected500(res: http.ServerResponse): void {
  res.writeHead(500, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
  res.end(
    JSON.stringify({
      code: 'injected_fault',
      message: 'fault injected by the test proxy',
      details: null,
      hint: null,
    }),
  );
}

const HOP_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

function withoutHopHeaders(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const kept: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_HEADERS.has(name)) kept[name] = value;
  }
  return kept;
}

function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
