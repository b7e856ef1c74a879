import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { createPostgres } from '../../support/test-databases.ts';
import { startLocalServer, type LocalServer, type LocalServerOptions } from '../../../server/local-server.ts';

/** Every demo login of `supabase/seed.sql` shares this password. */
export const DEMO_PASSWORD = 'clinica-demo-2026';
export const DEMO = {
  admin: 'admin@clinica.example',
  doctor: 'medica@clinica.example',
  nurse: 'enfermeiro@clinica.example',
  reception: 'recepcao@clinica.example',
  billing: 'financeiro@clinica.example',
} as const;

export interface ClientOptions {
  readonly vsn?: '1.0.0' | '2.0.0';
  readonly heartbeatIntervalMs?: number;
}

export interface ServerTarget {
  readonly name: 'pglite' | 'postgres';
  start(options?: Omit<LocalServerOptions, 'databaseUrl' | 'port'>): Promise<TestServer>;
}

export interface TestServer extends LocalServer {
  /** An unmodified supabase-js client for `key` (default: the anon key), over real HTTP and websockets. */
  client(key?: string, options?: ClientOptions): SupabaseClient;
  /** A client signed in as a demo user. */
  signedIn(email: string): Promise<SupabaseClient>;
  /** Raw fetch against the server with the anon apikey (override headers as needed). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

/**
 * The server runs on PGlite always and, with TEST_DATABASE_URL, on a fresh PostgreSQL database
 * too: use with `describe.each(serverTargets())`. Each server has a random port and a temporary
 * data dir, removed on close.
 */
export function serverTargets(): ServerTarget[] {
  const targets: ServerTarget[] = [
    {
      name: 'pglite',
      start: (options = {}) => wrap(startLocalServer({ ...options, port: 0 }), async () => {}),
    },
  ];
  const url = process.env['TEST_DATABASE_URL'];
  if (url) {
    targets.push({
      name: 'postgres',
      async start(options = {}) {
        const database = await createPostgres(url);
        return wrap(startLocalServer({ ...options, port: 0, databaseUrl: database.url! }), () =>
          database.drop(),
        );
      },
    });
  }
  return targets;
}

async function wrap(starting: Promise<LocalServer>, cleanup: () => Promise<void>): Promise<TestServer> {
  const server = await starting;
  const clients: SupabaseClient[] = [];
  const client = (key = server.anonKey, options: ClientOptions = {}) => {
    const made = createClient(server.url, key, {
      auth: { persistSession: false, autoRefreshToken: false },
      db: { retry: false },
      realtime: {
        transport: WebSocket as never,
        ...(options.vsn ? { vsn: options.vsn } : {}),
        ...(options.heartbeatIntervalMs ? { heartbeatIntervalMs: options.heartbeatIntervalMs } : {}),
      } as never,
    });
    clients.push(made);
    return made;
  };
  return {
    url: server.url,
    anonKey: server.anonKey,
    serviceRoleKey: server.serviceRoleKey,
    db: server.db,
    client,
    async signedIn(email) {
      const made = client();
      const { error } = await made.auth.signInWithPassword({ email, password: DEMO_PASSWORD });
      if (error) throw error;
      return made;
    },
    fetch(path, init = {}) {
      const headers = new Headers(init.headers);
      if (!headers.has('apikey')) headers.set('apikey', server.anonKey);
      return fetch(`${server.url}${path}`, { ...init, headers });
    },
    async close() {
      for (const made of clients) await made.removeAllChannels().catch(() => undefined);
      await server.close();
      await cleanup();
    },
  };
}

/** Resolves when `channel` reports SUBSCRIBED; rejects on error or timeout. */
export function subscribed(channel: ReturnType<SupabaseClient['channel']>): Promise<void> {
  return new Promise((resolve, reject) => {
    channel.subscribe((status, error) => {
      if (status === 'SUBSCRIBED') resolve();
      else if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT') reject(error ?? new Error(status));
    });
  });
}

/** Polls `check` until it returns a value other than undefined, or fails after `ms`. */
export async function eventually<T>(check: () => T | undefined, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
