import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AuthAdmin } from './auth/auth-admin.ts';
import { handleAuth } from './auth/auth-routes.ts';
import { AuthSessions } from './auth/auth-sessions.ts';
import { ensureAuthTables } from './auth/auth-tables.ts';
import { createJwtKeys, loadJwtSecret, type JwtKeys } from './auth/jwt-keys.ts';
import { createAuthenticator, type Authenticator } from './auth/request-auth.ts';
import { SignInLimits, defaultAuthLimits, type AuthLimits } from './auth/sign-in-limits.ts';
import { serveApp as serveAppFiles } from './app/static-app.ts';
import { prepareDataDir } from './data-dir.ts';
import { openDatabase, type Database } from './db/database.ts';
import { prepareDatabase } from './db/migrate.ts';
import { resetDatabase } from './db/reset-database.ts';
import { forgetRoleTimeouts } from './db/role-timeouts.ts';
import { passesApiKeyGate } from './http/api-key-gate.ts';
import { applyCors } from './http/cors.ts';
import { sendEmpty, sendJson } from './http/send.ts';
import { startRealtime, type RealtimeServer } from './realtime/realtime-server.ts';
import { handleRest } from './rest/rest-routes.ts';
import { SchemaCache } from './rest/schema-cache.ts';
import { ObjectFiles } from './storage/object-files.ts';
import { createResumableUploads, resumablePath } from './storage/resumable-uploads.ts';
import type { StorageDeps } from './storage/storage-context.ts';
import { handleStorage } from './storage/storage-routes.ts';

export interface LocalServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** PGlite data, object bytes and the JWT secret live here. Omitted: in-memory PGlite and a temporary folder removed on close. */
  dataDir?: string;
  /** Use this PostgreSQL server instead of PGlite. */
  databaseUrl?: string;
  /** Serve the built PWA (`dist/`) at `/`. Default false. */
  serveApp?: boolean;
  /** The built app to serve; default `dist/` of the project. */
  appDir?: string;
  /** Start from an empty database (and no stored objects). */
  reset?: boolean;
  /** Run `supabase/seed.sql` on a fresh database. Default true. */
  seed?: boolean;
  /** Largest REST/Auth request body in bytes. Default 5 MB. */
  restBodyLimit?: number;
  /** Largest storage upload in bytes. Default 50 MB. */
  storageBodyLimit?: number;
  /**
   * Lifetime of access tokens issued at sign-in and refresh. Default 900 s: every request checks
   * the token's session anyway, so this bounds only how long a token copied off a device works
   * against a server that cannot ask (none here), and costs a refresh every 15 minutes.
   */
  accessTokenSeconds?: number;
  /** Sign-in and token-request limits (429 with Retry-After). Default: `defaultAuthLimits`. */
  authLimits?: Partial<AuthLimits>;
  /** Answer `POST /auth/v1/signup` as GoTrue does with sign-ups off (`signup_disabled`). Default true. */
  signupDisabled?: boolean;
  /** A websocket silent this long (no heartbeat) is dropped and its presence leaves. Default 60 s. */
  realtimeIdleTimeoutMs?: number;
}

export interface LocalServer {
  readonly url: string;
  readonly anonKey: string;
  readonly serviceRoleKey: string;
  readonly db: Database;
  close(): Promise<void>;
}

const MB = 1024 * 1024;
const projectRoot = resolve(new URL('..', import.meta.url).pathname);

interface Services {
  readonly db: Database;
  readonly keys: JwtKeys;
  readonly auth: Authenticator;
  readonly sessions: AuthSessions;
  readonly limits: SignInLimits;
  readonly signupDisabled: boolean;
  readonly admin: AuthAdmin;
  readonly schema: SchemaCache;
  readonly restBodyLimit: number;
  readonly appDir: string | undefined;
  readonly storage: StorageDeps;
  realtime: RealtimeServer | undefined;
  publicUrl: string;
}

/**
 * Starts the Supabase-compatible server: prepares the database (baseline, migrations, seed), then
 * answers Auth, PostgREST, Storage and Realtime on one port, plus the app when asked.
 */
export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  const temporary =
    options.dataDir === undefined ? await mkdtemp(join(tmpdir(), 'local-supabase-')) : undefined;
  const dataDir = resolve(options.dataDir ?? temporary!);
  // PGlite creates only the last folder of its path: the data dir and its parents must exist first.
  await prepareDataDir(dataDir);
  if (options.reset) await rm(join(dataDir, 'pglite'), { recursive: true, force: true });
  const db = await openDatabase({
    databaseUrl: options.databaseUrl,
    dataDir: options.databaseUrl || temporary ? undefined : join(dataDir, 'pglite'),
  });
  try {
    if (options.reset && options.databaseUrl) await resetDatabase(db);
    await prepareDatabase(db, { seed: options.seed ?? true });
    await ensureAuthTables(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  const keys = await createJwtKeys(await loadJwtSecret(dataDir));
  if (options.reset) await rm(join(dataDir, 'storage'), { recursive: true, force: true });
  const files = new ObjectFiles(join(dataDir, 'storage'));
  await files.init();
  const uploadLimit = options.storageBodyLimit ?? 50 * MB;
  // Unfinished resumable uploads survive a restart: a client resumes them where they stopped.
  const resumable = await createResumableUploads({
    directory: join(dataDir, 'storage', 'resumable'),
    uploadLimit,
  });
  const restBodyLimit = options.restBodyLimit ?? 5 * MB;
  const sessions = new AuthSessions(db, keys, options.accessTokenSeconds ?? 900);
  await sessions.prepare();
  const auth = createAuthenticator(keys, sessions);
  const services: Services = {
    db,
    keys,
    auth,
    sessions,
    limits: new SignInLimits({ ...defaultAuthLimits, ...options.authLimits }),
    signupDisabled: options.signupDisabled ?? true,
    admin: new AuthAdmin(db),
    schema: new SchemaCache(db),
    restBodyLimit,
    storage: { db, keys, auth, files, uploadLimit, jsonLimit: restBodyLimit, resumable },
    appDir: options.serveApp ? resolve(options.appDir ?? join(projectRoot, 'dist')) : undefined,
    realtime: undefined,
    publicUrl: '',
  };
  const server = createServer((req, res) => {
    route(req, res, services).catch((error: unknown) => {
      console.error('unhandled request error', error);
      if (!res.headersSent) sendJson(res, 500, { message: 'Internal server error' });
      else res.destroy();
    });
  });
  // As PostgREST: `notify pgrst, 'reload schema'` after DDL makes new tables and functions visible;
  // `'reload config'` also rereads the roles' settings (their statement timeouts).
  const unlistenSchema = await db.listen('pgrst', (payload) => {
    if (payload.trim() === 'reload config') forgetRoleTimeouts(db);
    services.schema.invalidate();
  });
  const realtime = await startRealtime(
    server,
    db,
    auth,
    services.restBodyLimit,
    options.realtimeIdleTimeoutMs,
  );
  services.realtime = realtime;
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => done());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  services.publicUrl = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
  let closed = false;
  return {
    url: services.publicUrl,
    anonKey: keys.anonKey,
    serviceRoleKey: keys.serviceRoleKey,
    db,
    async close() {
      if (closed) return;
      closed = true;
      await realtime.close();
      await unlistenSchema();
      resumable.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await db.close();
      if (temporary) await rm(temporary, { recursive: true, force: true });
    },
  };
}

async function route(req: IncomingMessage, res: ServerResponse, services: Services): Promise<void> {
  applyCors(req, res);
  const url = new URL(req.url ?? '/', 'http://localhost');
  // Route on the path as sent: URL parsing would resolve `.`/`..` segments, and an object key
  // like `a/../b` must be refused, not silently become `b`.
  const path = (req.url ?? '/').split('?')[0]!;
  // A browser's preflight is answered here; a TUS client's OPTIONS (no preflight header) asks
  // the resumable route what it supports.
  const tusDiscovery =
    path.startsWith(resumablePath) && req.headers['access-control-request-method'] === undefined;
  if (req.method === 'OPTIONS' && !tusDiscovery) return sendEmpty(res, 204);
  const apiKeys = [services.keys.anonKey, services.keys.serviceRoleKey];
  if (path === '/health') {
    // Healthy means the database answers, not just that the process is up.
    const alive = await services.db.query('select 1').then(
      () => true,
      () => false,
    );
    return sendJson(res, alive ? 200 : 503, {
      status: alive ? 'ok' : 'database unavailable',
      database: services.db.kind,
    });
  }
  if (path === '/app-config.json') {
    const origin = req.headers.host ? `http://${req.headers.host}` : services.publicUrl;
    return sendJson(
      res,
      200,
      { supabaseUrl: origin, anonKey: services.keys.anonKey },
      { 'Cache-Control': 'no-cache' },
    );
  }
  if (path.startsWith('/auth/v1/') || path === '/auth/v1') {
    if (!passesApiKeyGate(req, res, url, apiKeys)) return;
    return handleAuth(req, res, path.slice('/auth/v1'.length) || '/', url, {
      sessions: services.sessions,
      admin: services.admin,
      keys: services.keys,
      bodyLimit: services.restBodyLimit,
      limits: services.limits,
      signupDisabled: services.signupDisabled,
    });
  }
  if (path.startsWith('/rest/v1/') || path === '/rest/v1') {
    if (!passesApiKeyGate(req, res, url, apiKeys)) return;
    return handleRest(req, res, path.slice('/rest/v1'.length) || '/', url, {
      db: services.db,
      auth: services.auth,
      schema: services.schema,
      bodyLimit: services.restBodyLimit,
    });
  }
  if (path.startsWith('/storage/v1/'))
    return handleStorage(req, res, path.slice('/storage/v1'.length), url, services.storage);
  if (path.startsWith('/realtime/v1/') && services.realtime)
    return services.realtime.handleHttp(req, res, url);
  const apiPath = /^\/(auth|rest|storage|realtime|functions|graphql)\/v1(\/|$)/.test(path);
  if (services.appDir && !apiPath && (req.method === 'GET' || req.method === 'HEAD')) {
    return serveAppFiles(req, res, path, services.appDir);
  }
  return sendJson(res, 404, { message: 'no Route matched with those values' });
}
