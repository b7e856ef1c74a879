import { connectSyncEngine, type SyncEngineConnection } from '../../../../src/engine/connect-sync-engine.ts';
import { openClinicDb, type ClinicDb } from '../../../../src/engine/local-db.ts';
import { mutate } from '../../../../src/engine/write-api.ts';
import type { SyncStatus } from '../../../../src/engine/engine-api.ts';

/**
 * A bare page that runs the real engine in a real worker, for the Chromium tests: the test
 * drives it through `window.harness`. Configuration comes from the query string.
 */
interface Harness {
  status(): Promise<SyncStatus>;
  insertPatient(id: string, fullName: string): Promise<boolean>;
  rev(id: string): Promise<number>;
  fullName(id: string): Promise<string | null>;
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
  const db: ClinicDb = await openClinicDb(databaseName);
  const sync: SyncEngineConnection = await connectSyncEngine({
    supabaseUrl: params.get('url') ?? '',
    anonKey: params.get('key') ?? '',
    accessToken: params.get('token'),
    databaseName,
  });
  window.harness = {
    status: () => sync.api.getStatus(),
    async insertPatient(id, fullName) {
      return (await mutate(db, 'patients', 'insert', id, { full_name: fullName })).ok;
    },
    async rev(id) {
      return (await db.rows('patients').get(id))?.rev ?? -1;
    },
    async fullName(id) {
      const name = (await db.rows('patients').get(id))?.['full_name'];
      return typeof name === 'string' ? name : null;
    },
  };
}

start().catch((error: unknown) => {
  window.harnessError = String(error);
});
