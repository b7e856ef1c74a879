import { proxy, releaseProxy, wrap, type Remote } from 'comlink';
import type { SyncStatus } from './engine-api.ts';
import type { SyncWorkerApi, SyncWorkerConfig } from './worker-host.ts';

export interface SyncEngineConnection {
  /** The engine API, answered by this tab's sync worker (which forwards to the leader when needed). */
  readonly api: Remote<SyncWorkerApi>;
  /** Live status; returns the function that stops listening. */
  onStatus(listener: (status: SyncStatus) => void): Promise<() => Promise<void>>;
  /** Stops the worker (resigning leadership, so another tab takes over). */
  close(): Promise<void>;
}

export interface ConnectOptions extends SyncWorkerConfig {
  /** The worker to use; default: a new module worker running `workers/sync-worker.ts`. */
  readonly worker?: Worker;
}

/**
 * Page side: starts this tab's sync worker and configures it. The UI keeps reading Dexie with
 * liveQuery and writing with `mutate`; it uses the returned API only for sync itself. Pass every
 * new access token (`api.setAccessToken`) when supabase-js refreshes the session.
 */
export async function connectSyncEngine(options: ConnectOptions): Promise<SyncEngineConnection> {
  const worker =
    options.worker ??
    new Worker(new URL('../../workers/sync-worker.ts', import.meta.url), {
      type: 'module',
      name: 'clinic-sync',
    });
  const api = wrap<SyncWorkerApi>(worker);
  await api.configure({
    supabaseUrl: options.supabaseUrl,
    anonKey: options.anonKey,
    accessToken: options.accessToken,
    ...(options.databaseName === undefined ? {} : { databaseName: options.databaseName }),
  });
  return {
    api,
    async onStatus(listener) {
      const id = await api.watchStatus(proxy(listener));
      return () => api.unwatchStatus(id);
    },
    async close() {
      await api.close();
      api[releaseProxy]();
      worker.terminate();
    },
  };
}
