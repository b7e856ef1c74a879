import { useEffect, useState } from 'react';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { ClinicDb } from '../../../engine/local-db.ts';
import type { FileBlobDb } from '../../../engine/files/file-blob-store.ts';
import type { FileStorage } from '../../../engine/files/file-storage-port.ts';
import type { UploadQueue } from '../../../engine/files/upload-queue.ts';
import { startFileUploads } from '../../../engine/files/file-uploads.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useAuth } from '../../auth/auth-context.tsx';

export interface FileServices {
  readonly db: ClinicDb;
  readonly blobs: FileBlobDb;
  readonly storage: FileStorage;
  readonly queue: UploadQueue;
}

const opened = new WeakMap<ClinicDb, Promise<FileServices>>();

/**
 * The bytes database, the bucket and the upload queue, once per clinic database. The queue runs
 * in whichever context of this browser profile holds the upload lock (`startFileUploads`): this
 * tab, another tab, or a sync worker that starts the same; the UI reads its progress from the
 * bytes database either way.
 */
export function fileServicesFor(db: ClinicDb, supabase: SupabaseClient): Promise<FileServices> {
  let services = opened.get(db);
  if (!services) {
    services = startFileUploads({ db, client: supabase, locks: navigator.locks }).then(
      ({ blobs, storage, queue }) => ({
        db,
        blobs,
        storage,
        queue,
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

/** Mounted once in the signed-in layout so uploads start without visiting a files screen. */
export function FileUploadsRunner(): null {
  useFileServices();
  return null;
}
