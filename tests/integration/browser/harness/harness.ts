import { connectSyncEngine, type SyncEngineConnection } from '../../../../src/engine/connect-sync-engine.ts';
import { liveQuery } from 'dexie';
import { openClinicDb, type ClinicDb } from '../../../../src/engine/local-db.ts';
import { mutate } from '../../../../src/engine/write-api.ts';
import type { SyncStatus } from '../../../../src/engine/engine-api.ts';
import { rawPutTimed, naiveSyncTimed, naivePushTimed } from './baselines.ts';

/**
 * A bare page that runs the real engine in a real worker, for the Chromium tests and benchmarks:
 * they drive it through `window.harness`. Configuration comes from the query string; with
 * `connect=later` the sync worker starts only when `connect()` is called (offline writes first).
 */
export interface Harness {
  connect(): Promise<void>;
  /** Stops this tab's sync worker (the tab goes offline as far as sync is concerned). */
  disconnect(): Promise<void>;
  status(): Promise<SyncStatus>;
  syncNow(): Promise<SyncStatus>;
  insertPatient(id: string, fullName: string): Promise<boolean>;
  insertPatients(count: number, prefix: string): Promise<number>;
  rev(id: string): Promise<number>;
  fullName(id: string): Promise<string | null>;
  count(table: 'patients'): Promise<number>;
  /** True when every listed patient's notes equal `notes` in IndexedDB. */
  notesAre(ids: readonly string[], notes: string): Promise<boolean>;
  /** Writes `notes` on a patient (one local edit, as the UI would); resolves with the epoch ms it began. */
  writeNotes(id: string, notes: string): Promise<number>;
  /**
   * Starts watching this page's IndexedDB (a live query, as a screen would) for the patient's
   * notes to become `notes`; resolves once the watch is live. `seenNotes(notes)` then resolves
   * with the epoch ms at which they did.
   */
  watchNotes(id: string, notes: string): Promise<void>;
  seenNotes(notes: string): Promise<number>;
  /** Ids of up to `count` patients in the local copy. */
  patientIds(count: number): Promise<string[]>;
  rawPutTimed(withVersion1Indexes?: boolean): Promise<{ rows: number; ms: number }>;
  naiveSyncTimed(): Promise<{ rows: number; ms: number }>;
  naivePushTimed(count: number, prefix: string): Promise<{ rows: number; ms: number }>;
}

declare global {
  interface Window {
    harness?: Harness;
    harnessError?: string;
  }
}

async function start(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const databaseName = params.get('db') ?? 'harness';
  const url = params.get('url') ?? '';
  const anonKey = params.get('key') ?? '';
  const token = params.get('token');
  const db: ClinicDb = await openClinicDb(databaseName);
  let sync: SyncEngineConnection | null = null;
  const connect = async (): Promise<void> => {
    sync ??= await connectSyncEngine({ supabaseUrl: url, anonKey, accessToken: token, databaseName });
  };
  const api = (): SyncEngineConnection => {
    if (!sync) throw new Error('not connected');
    return sync;
  };
  if (params.get('connect') !== 'later') await connect();
  const watches = new Map<string, Promise<number>>();
  window.harness = {
    connect,
    async disconnect() {
      await sync?.close();
      sync = null;
    },
    status: () => api().api.getStatus(),
    syncNow: () => api().api.syncNow(),
    async insertPatient(id, fullName) {
      return (await mutate(db, 'patients', 'insert', id, { full_name: fullName })).ok;
    },
    async insertPatients(count, prefix) {
      let ok = 0;
      for (let i = 0; i < count; i += 1) {
        if ((await mutate(db, 'patients', 'insert', crypto.randomUUID(), { full_name: `${prefix} ${i}` })).ok)
          ok += 1;
      }
      return ok;
    },
    async rev(id) {
      return (await db.rows('patients').get(id))?.rev ?? -1;
    },
    async fullName(id) {
      const name = (await db.rows('patients').get(id))?.['full_name'];
      return typeof name === 'string' ? name : null;
    },
    count: (table) => db.rows(table).count(),
    async notesAre(ids, notes) {
      const rows = await db.rows('patients').bulkGet([...ids]);
      return rows.every((row) => row?.['notes'] === notes);
    },
    async writeNotes(id, notes) {
      const at = performance.timeOrigin + performance.now();
      const written = await mutate(db, 'patients', 'update', id, { notes });
      if (!written.ok) throw new Error(written.error.message);
      return at;
    },
    watchNotes(id, notes) {
      return new Promise<void>((live, reject) => {
        let seen: (at: number) => void = () => {};
        watches.set(notes, new Promise<number>((resolve) => (seen = resolve)));
        const subscription = liveQuery(() => db.rows('patients').get(id)).subscribe({
          next(row) {
            live();
            if (row?.['notes'] !== notes) return;
            seen(performance.timeOrigin + performance.now());
            queueMicrotask(() => subscription.unsubscribe());
          },
          error: reject,
        });
      });
    },
    seenNotes: (notes) => watches.get(notes) ?? Promise.reject(new Error(`not watching ${notes}`)),
    patientIds: (count) => db.rows('patients').limit(count).primaryKeys(),
    rawPutTimed: (withVersion1Indexes) => rawPutTimed(db, withVersion1Indexes),
    naiveSyncTimed: () => naiveSyncTimed(url, anonKey, token ?? anonKey),
    naivePushTimed: (count, prefix) => naivePushTimed(url, anonKey, token ?? anonKey, count, prefix),
  };
}

start().catch((error: unknown) => {
  window.harnessError = String(error);
});
