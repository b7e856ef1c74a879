import type { SupabaseClient } from '@supabase/supabase-js';
import { clinicFilesBucket } from '../../core/files/object-path.ts';
import type { ClinicDb } from '../local-db.ts';
import { electLeader } from '../leader-election.ts';
import type { LockPort } from '../lock-port.ts';
import { openFileBlobDb, type FileBlobDb } from './file-blob-store.ts';
import type { FileStorage } from './file-storage-port.ts';
import { collectOrphanBlobs } from './orphan-blobs.ts';
import { createSupabaseFileStorage } from './supabase-file-storage.ts';
import { createUploadQueue, type UploadQueue } from './upload-queue.ts';

/** The bytes database that goes with a clinic database (one per local database, like its locks). */
export const fileBlobDatabaseName = (clinicDatabaseName: string): string =>
  `${clinicDatabaseName}-file-blobs`;

/** One uploader per local database across every tab and worker of the browser profile. */
export const uploadLockName = (clinicDatabaseName: string): string =>
  `clinic-file-uploads:${clinicDatabaseName}`;

export interface FileUploadsOptions {
  readonly db: ClinicDb;
  /** Signed in as the user (its session or `accessToken` option gives Storage the user's JWT). */
  readonly client: SupabaseClient;
  readonly locks: LockPort;
}

export interface FileUploads {
  readonly blobs: FileBlobDb;
  readonly storage: FileStorage;
  readonly queue: UploadQueue;
  /** True while this context holds the upload lock and runs the queue. */
  isUploader(): boolean;
  stop(): Promise<void>;
}

/**
 * Starts the file side of a context (the sync worker, or a tab): opens the bytes database and,
 * once this context holds the upload lock, collects orphaned bytes and runs the upload queue
 * until `stop()`. Any number of contexts may call it; one uploads at a time, the next takes over
 * when it goes away (and were two ever to upload the same file, content-addressed keys with
 * `upsert: false` would still leave one object).
 */
export async function startFileUploads(options: FileUploadsOptions): Promise<FileUploads> {
  const blobs = await openFileBlobDb(fileBlobDatabaseName(options.db.name));
  const storage = createSupabaseFileStorage(options.client, clinicFilesBucket);
  const queue = createUploadQueue({ db: options.db, blobs, storage });
  const election = electLeader(options.locks, uploadLockName(options.db.name), async (signal) => {
    await collectOrphanBlobs(options.db, blobs).catch(() => 0);
    queue.start();
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    await queue.stop();
  });
  return {
    blobs,
    storage,
    queue,
    isUploader: () => election.isLeader(),
    async stop() {
      await election.resign();
      blobs.close();
    },
  };
}
