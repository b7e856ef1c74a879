import { useEffect, useState } from 'react';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { ClinicDb } from '../../../engine/local-db.ts';
import { clinicFilesBucket } from '../../../core/files/object-path.ts';
import { openFileBlobDb, type FileBlobDb } from '../../../engine/files/file-blob-store.ts';
import type { FileStorage } from '../../../engine/files/file-storage-port.ts';
import { createSupabaseFileStorage } from '../../../engine/files/supabase-file-storage.ts';
import { createUploadQueue, type UploadQueue } from '../../../engine/files/upload-queue.ts';
import { collectOrphanBlobs } from '../../../engine/files/orphan-blobs.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useAuth } from '../../auth/auth-context.tsx';

export interface FileServices {
  readonly db: ClinicDb;
  readonly blobs: FileBlobDb;
  readonly storage: FileStorage;
  readonly queue: UploadQueue;
}

/** The lock that makes one tab of this browser profile the uploader (the others wait their turn). */
export const uploadLockName = 'clinic-file-uploads';

const opened = new WeakMap<ClinicDb, Promise<FileServices>>();

/**
 * The bytes database, the bucket and the upload queue, once per clinic database. The queue runs
 * in the tab holding `clinic-file-uploads` (Web Locks): when that tab closes the next one takes
 * over, so two tabs never upload the same file at once (and if they did, content-addressed keys
 * and `upsert: false` would still leave one object). Orphaned bytes are collected at start.
 */
export function fileServicesFor(db: ClinicDb, supabase: SupabaseClient): Promise<FileServices> {
  let services = opened.get(db);
  if (!services) {
    services = (async () => {
      const blobs = await openFileBlobDb(`${db.name}-file-blobs`);
      const storage = createSupabaseFileStorage(supabase, clinicFilesBucket);
      const queue = createUploadQueue({ db, blobs, storage });
      void collectOrphanBlobs(db, blobs).catch(() => 0);
      if (typeof navigator !== 'undefined' && 'locks' in navigator) {
        void navigator.locks.request(uploadLockName, () => new Promise<never>(() => queue.start()));
      } else queue.start();
      return { db, blobs, storage, queue };
    })();
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

/** Mounted once in the signed-in layout so uploads start without visiting a files screen. */
export function FileUploadsRunner(): null {
  useFileServices();
  return null;
}
