import { useEffect, useState } from 'react';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { ClinicDb } from '../../../engine/local-db.ts';
import type { FileBlobDb } from '../../../engine/files/file-blob-store.ts';
import type { FileStorage } from '../../../engine/files/file-storage-port.ts';
import type { UploadQueue } from '../../../engine/files/upload-queue.ts';
import {
  fileBlobDatabaseName,
  startFileUploads,
  type FileUploads,
} from '../../../engine/files/file-uploads.ts';
import { Dexie } from 'dexie';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useAuth } from '../../auth/auth-context.tsx';
import { useAppConfig } from '../../config/app-config-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { useSyncEngine } from '../../sync/sync-engine-context.tsx';

export interface FileServices {
  readonly db: ClinicDb;
  readonly blobs: FileBlobDb;
  readonly storage: FileStorage;
  readonly queue: UploadQueue;
  /** Closes this tab's handle on the bytes database. */
  stop(): Promise<void>;
}

const opened = new WeakMap<ClinicDb, Promise<FileServices>>();
const fallbackUploaders = new WeakMap<ClinicDb, Promise<FileUploads>>();

/**
 * The bytes database, the bucket and the upload queue, once per clinic database, for the screens
 * (progress, Retry, downloads). This tab does not upload through them: the sync worker that leads
 * runs the queue under the upload lock (`startFileUploads`), and a tab only does when it has no
 * sync worker (`FileUploadsRunner`); the UI reads progress from the bytes database either way.
 */
export function fileServicesFor(db: ClinicDb, supabase: SupabaseClient): Promise<FileServices> {
  let services = opened.get(db);
  if (!services) {
    services = startFileUploads({ db, client: supabase, locks: navigator.locks, upload: false }).then(
      (uploads) => ({
        db,
        blobs: uploads.blobs,
        storage: uploads.storage,
        queue: uploads.queue,
        stop: () => uploads.stop(),
      }),
    );
    opened.set(db, services);
  }
  return services;
}

/** The file services of the signed-in app; null while they open. */
export function useFileServices(): FileServices | null {
  const db = useClinicDb();
  const { supabase } = useAuth();
  const [services, setServices] = useState<FileServices | null>(null);
  useEffect(() => {
    let live = true;
    void fileServicesFor(db, supabase).then((value) => live && setServices(value));
    return () => {
      live = false;
    };
  }, [db, supabase]);
  return services;
}

/**
 * Mounted once in the signed-in layout. Uploads run in the sync worker that leads; this tab takes
 * part only as a fallback, when it has no sync worker (none in this browser, or it failed to
 * start), competing for the same upload lock so it and a worker never upload at once. When the
 * layout goes (sign-out, the clinic database closed), the fallback stops and frees the lock.
 */
export function FileUploadsRunner(): null {
  const db = useClinicDb();
  const { supabase } = useAuth();
  const { supabaseUrl, anonKey } = useAppConfig();
  const { connectError } = useSyncEngine();
  const workerless = typeof Worker === 'undefined' || connectError !== null;
  useFileServices();
  useEffect(() => {
    if (!workerless) return;
    const accessToken = async () => (await supabase.auth.getSession()).data.session?.access_token ?? null;
    if (!fallbackUploaders.has(db))
      fallbackUploaders.set(
        db,
        startFileUploads({
          db,
          client: supabase,
          locks: navigator.locks,
          resumable: { url: supabaseUrl, apiKey: anonKey, accessToken },
        }),
      );
    return () => void stopFallbackUploads(db);
  }, [db, supabase, workerless, supabaseUrl, anonKey]);
  useEffect(() => () => void releaseFileServices(db), [db]);
  return null;
}

async function stopFallbackUploads(db: ClinicDb): Promise<void> {
  const uploads = fallbackUploaders.get(db);
  fallbackUploaders.delete(db);
  await uploads?.then((running) => running.stop()).catch(() => undefined);
}

async function releaseFileServices(db: ClinicDb): Promise<void> {
  await stopFallbackUploads(db);
  const services = opened.get(db);
  opened.delete(db);
  await services?.then((running) => running.stop()).catch(() => undefined);
}

/**
 * Files whose bytes exist only on this device: live rows not marked uploaded whose bytes are
 * pinned here. What a wipe would lose, so sign-out counts them with the unsent edits.
 */
export function useUnsentFileCount(): number {
  const services = useFileServices();
  const count = useLiveQuery(async () => {
    if (!services) return 0;
    const pinned = new Set(
      (await services.blobs.blob_info.filter((info) => info.pinned).toArray()).map((info) => info.sha256),
    );
    if (pinned.size === 0) return 0;
    return services.db
      .rows('files')
      .filter(
        (row) => row.deleted_at == null && row['uploaded_at'] == null && pinned.has(String(row['sha256'])),
      )
      .count();
  }, [services]);
  return count.kind === 'ready' ? count.value : 0;
}

/** The wipe of sign-out: stops uploads and deletes this device's file bytes. */
export async function wipeFileData(db: ClinicDb): Promise<void> {
  await releaseFileServices(db);
  await Dexie.delete(fileBlobDatabaseName(db.name));
}
