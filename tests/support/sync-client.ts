import 'fake-indexeddb/auto';
import WebSocket from 'ws';
import { createClient } from '@supabase/supabase-js';
import type { LocalServer } from '../../server/local-server.ts';
import { openClinicDb, type ClinicDb } from '../../src/engine/local-db.ts';
import { createSupabaseRemote } from '../../src/engine/supabase-remote.ts';
import { createSyncEngine, type SyncEngine } from '../../src/engine/sync-engine.ts';
import { createEngineService } from '../../src/engine/engine-service.ts';
import { createMemoryLocks } from '../../src/engine/memory-locks.ts';
import type { SyncEngineApi } from '../../src/engine/engine-api.ts';
import type { SyncRemote } from '../../src/engine/remote-port.ts';
import type { LockPort } from '../../src/engine/lock-port.ts';
import { mutate, type WriteResult } from '../../src/engine/write-api.ts';
import type { MutationOp } from '../../src/core/protocol/push.ts';
import type { RowValues } from '../../src/core/protocol/synced-row.ts';
import type { SyncMachineConfig } from '../../src/core/sync-state-machine.ts';

export const demoPassword = 'clinica-demo-2026';

/** Seed staff accounts of four roles (admin, doctor, nurse, reception), which may read different tables. */
export const demoStaffEmails = [
  'admin@clinica.example',
  'medica@clinica.example',
  'enfermeiro@clinica.example',
  'recepcao@clinica.example',
] as const;

/** Where a client finds its server: a `LocalServer`, or one running in another process. */
export type ServerAddress = Pick<LocalServer, 'url' | 'anonKey'>;

/** One simulated device: its own IndexedDB database, session, remote and sync engine. */
export interface SyncClient {
  readonly name: string;
  readonly db: ClinicDb;
  readonly remote: SyncRemote;
  readonly engine: SyncEngine;
  readonly api: SyncEngineApi;
  write(table: string, op: MutationOp, id: string, changes?: RowValues): Promise<WriteResult>;
  close(options?: { keepDatabase?: boolean }): Promise<void>;
}

export interface SyncClientOptions {
  readonly name?: string;
  readonly email?: string;
  /** Where the client talks to (a fault proxy in front of the server); default the server itself. */
  readonly url?: string;
  /** Reopen an existing local database instead of a fresh one. */
  readonly databaseName?: string;
  readonly locks?: LockPort;
  /** Start the sync loop (default true). */
  readonly start?: boolean;
  readonly pageSize?: number;
  readonly batchSize?: number;
  /** Overrides of the loop's timing (the tests shorten the backoff). */
  readonly config?: Partial<SyncMachineConfig>;
}

export async function signIn(server: ServerAddress, email = 'admin@clinica.example'): Promise<string> {
  const auth = createClient(server.url, server.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
  });
  const { data, error } = await auth.auth.signInWithPassword({ email, password: demoPassword });
  if (error || !data.session)
    throw new Error(`sign-in failed for ${email}: ${error?.message ?? 'no session'}`);
  return data.session.access_token;
}

export async function startSyncClient(
  server: ServerAddress,
  options: SyncClientOptions = {},
): Promise<SyncClient> {
  const name = options.name ?? 'client';
  let token: string | null = await signIn(server, options.email);
  const db = await openClinicDb(options.databaseName ?? `${name}-${crypto.randomUUID()}`);
  const remote = createSupabaseRemote({
    url: options.url ?? server.url,
    anonKey: server.anonKey,
    accessToken: async () => token,
    transport: WebSocket,
  });
  const engine = createSyncEngine({
    db,
    remote,
    locks: options.locks ?? createMemoryLocks(),
    // Short waits so fault tests retry quickly; the policy itself is the core's.
    config: { backoff: { baseMs: 20, maxMs: 400 }, ...options.config },
    ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
  });
  const api = createEngineService({ db, remote, engine, setAccessToken: (next) => (token = next) });
  if (options.start ?? true) await engine.start();
  return {
    name,
    db,
    remote,
    engine,
    api,
    write: (table, op, id, changes = {}) => mutate(db, table, op, id, changes),
    async close(closeOptions = {}) {
      await engine.stop();
      await remote.close();
      db.close();
      if (!closeOptions.keepDatabase) await db.delete();
    },
  };
}

/** Runs sync cycles until nothing is pending or in flight (or the deadline passes). */
export async function syncUntilQuiet(client: SyncClient, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await client.api.syncNow();
    if (status.pending === 0 && status.phase === 'idle') return;
    if (Date.now() > deadline) {
      const stuck = (await client.db.outbox.toArray()).filter((entry) => entry.state !== 'done').slice(0, 3);
      throw new Error(`${client.name} did not settle: ${JSON.stringify(status)} ${JSON.stringify(stuck)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function newId(): string {
  return crypto.randomUUID();
}
