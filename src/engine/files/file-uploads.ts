import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { clinicFilesBucket } from '../../core/files/object-path.ts';
import type { ClinicDb } from '../local-db.ts';
import { electLeader } from '../leader-election.ts';
import type { LockPort } from '../lock-port.ts';
import { openFileBlobDb, type FileBlobDb } from './file-blob-store.ts';
import type { FileStorage } from './file-storage-port.ts';
import { collectOrphanBlobs } from './orphan-blobs.ts';
import { createSupabaseFileStorage } from './supabase-file-storage.ts';
import type { ResumableEndpoint } from './tus-upload.ts';
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
  /**
   * Storage's resumable endpoint as the same user: files over one 6 MiB chunk then upload in
   * chunks the server keeps (TUS). Without it every file goes in a single request.
   */
  readonly resumable?: ResumableEndpoint;
  /**
   * False: only open the bytes database, the Storage port and the queue (for the UI: progress,
   * Retry, downloads), never upload from this context. Default true.
   */
  readonly upload?: boolean;
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
  const storage = createSupabaseFileStorage(options.client, clinicFilesBucket, options.resumable);
  const queue = createUploadQueue({ db: options.db, blobs, storage });
  if (options.upload === false) {
    return {
      blobs,
      storage,
      queue,
      isUploader: () => false,
      async stop() {
        blobs.close();
      },
    };
  }
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

/**
 * A supabase-js client for Storage in a context that has no session of its own (the sync worker):
 * it sends the access token the tab last handed over and, while there is none, its requests fail
 * before leaving, so uploads wait and retry as when offline instead of being refused as anonymous.
 */
export function createTokenStorageClient(
  url: string,
  anonKey: string,
  accessToken: () => Promise<string | null>,
  /** A WebSocket constructor where there is no global one (Node before 22); Storage never uses it. */
  transport?: unknown,
): SupabaseClient {
  return createClient(url, anonKey, {
    async accessToken() {
      const token = await accessToken();
      if (token === null) throw new Error('no session: uploads wait for the next sign-in');
      return token;
    },
    ...(transport ? { realtime: { transport: transport as never } } : {}),
  });
}
