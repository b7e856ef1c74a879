import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { parsePullResponse } from '../core/protocol/pull.ts';
import { parsePushResponse } from '../core/protocol/push.ts';
import { parseDigest } from '../core/protocol/digest.ts';
import { protocolError, type Parsed } from '../core/protocol/protocol-error.ts';
import type { RemoteResult, SyncRemote } from './remote-port.ts';
import { byteMeter } from './byte-meter.ts';

export interface SupabaseRemoteOptions {
  readonly url: string;
  readonly anonKey: string;
  /** The signed-in user's JWT (or null when signed out); called before every request. */
  readonly accessToken: () => Promise<string | null>;
  /** A WebSocket constructor where there is no global one (Node 20: `ws`). */
  readonly transport?: WebSocketConstructorLike;
  readonly fetch?: typeof fetch;
}

/** How long a reachability probe waits for an answer before it counts as none. */
export const probeTimeoutMs = 1_500;

// realtime-js accepts any constructor shaped like the browser's WebSocket.
type WebSocketConstructorLike = new (address: string | URL, protocols?: string | string[]) => unknown;

/**
 * The `SyncRemote` over supabase-js: the RPCs through PostgREST, pokes through a Realtime
 * broadcast channel. Works unchanged against Supabase and the local server.
 */
export function createSupabaseRemote(options: SupabaseRemoteOptions): SyncRemote {
  const meter = byteMeter(options.fetch ?? globalThis.fetch.bind(globalThis));
  const client = createClient(options.url, options.anonKey, {
    accessToken: options.accessToken,
    // The engine retries by itself (with backoff, re-sending the same mids); a hidden retry
    // inside the client would only hide failures from the status.
    db: { retry: false },
    global: { fetch: meter.fetch },
    ...(options.transport ? { realtime: { transport: options.transport as never } } : {}),
  });
  const listeners = new Set<(rev: number | null) => void>();
  let channel: ReturnType<SupabaseClient['channel']> | null = null;

  const ensureChannel = (): void => {
    if (channel) return;
    // Private: the server authorizes it by RLS on realtime.messages (staff only), as Supabase does.
    const joining = client
      .channel('sync', { config: { private: true } })
      .on('broadcast', { event: 'poke' }, (message: { payload?: { rev?: unknown } }) => {
        const rev = message.payload?.rev;
        if (typeof rev !== 'number' || !Number.isSafeInteger(rev)) return;
        for (const listener of listeners) listener(rev);
      });
    channel = joining;
    // The join must carry the person's token: realtime-js fetches it from `accessToken` only once
    // its socket is open, so a join sent before that goes out as anon, is refused, and pokes are
    // missed until the rejoin a second or more later.
    void client.realtime
      .setAuth()
      .catch(() => undefined)
      .then(() => {
        if (channel !== joining) return;
        // Every (re)join may follow a gap in which pokes were missed, and a lost channel (the
        // socket dropped, a join timed out) may be the first sign of a lost link: either way say
        // so, the engine pulls. A pull that finds no server shows the outage at once, instead of
        // at the next poll.
        joining.subscribe((status) => {
          if (status === 'CLOSED') return;
          for (const listener of listeners) listener(null);
        });
      });
  };

  async function call<T>(
    fn: string,
    args: Record<string, unknown>,
    parse: (raw: unknown) => Parsed<T>,
  ): Promise<RemoteResult<T>> {
    const before = meter.bytes();
    let answer: { data: unknown; error: { message: string; code?: string } | null; status: number };
    try {
      answer = await client.rpc(fn, args);
    } catch (thrown) {
      return { kind: 'offline', message: thrown instanceof Error ? thrown.message : String(thrown) };
    }
    const { data, error, status } = answer;
    const bytes = meter.bytes() - before;
    if (error) return failure(status, error);
    const parsed = parse(data);
    if (!parsed.ok) return { kind: 'protocol-error', error: parsed.error };
    return { kind: 'ok', value: parsed.value, bytes };
  }

  return {
    pull: (since, maxRows, knownHorizon) =>
      call('sync_pull', { since, max_rows: maxRows, known_horizon: knownHorizon ?? null }, (raw) =>
        parsePullResponse(raw, since),
      ),
    push: (clientId, mutations) =>
      call('sync_push', { client_id: clientId, mutations }, (raw) => parsePushResponse(raw, mutations)),
    digest: (table) => call('sync_digest', { table_name: table }, parseDigest),
    async reachable() {
      // Auth's health check: public behind the apikey, answered without touching the database.
      try {
        const response = await meter.fetch(`${options.url}/auth/v1/health`, {
          headers: { apikey: options.anonKey },
          signal: AbortSignal.timeout(probeTimeoutMs),
        });
        await response.body?.cancel();
        return response.ok;
      } catch {
        return false;
      }
    },
    onPoke(listener) {
      listeners.add(listener);
      ensureChannel();
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      if (channel) await client.removeChannel(channel);
      channel = null;
      client.realtime.disconnect();
    },
  };
}

function failure(status: number, error: { message: string; code?: string }): RemoteResult<never> {
  const code = error.code ?? '';
  if (status === 0) return { kind: 'offline', message: error.message };
  if (status === 401 || code === 'PGRST301' || code === 'PGRST303')
    return { kind: 'unauthorized', message: error.message };
  // A 2xx that carries an error is a body that was not JSON: a bad answer, not a refusal.
  if (status >= 200 && status < 300) {
    return {
      kind: 'protocol-error',
      error: protocolError('malformed_response', `not JSON: ${error.message.slice(0, 200)}`),
    };
  }
  return { kind: 'server-error', status, code, message: error.message };
}
