import WebSocket from 'ws';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { LocalServer } from '../../../../server/local-server.ts';
import { clinicFilesBucket } from '../../../../src/core/files/object-path.ts';
import { openFileBlobDb, type FileBlobDb } from '../../../../src/engine/files/file-blob-store.ts';
import { createSupabaseFileStorage } from '../../../../src/engine/files/supabase-file-storage.ts';
import type { FileStorage } from '../../../../src/engine/files/file-storage-port.ts';
import { createUploadQueue, type UploadQueue } from '../../../../src/engine/files/upload-queue.ts';
import {
  captureFile,
  type CaptureRequest,
  type CaptureResult,
} from '../../../../src/engine/files/capture-file.ts';
import {
  signIn,
  startSyncClient,
  type SyncClient,
  type SyncClientOptions,
} from '../../../support/sync-client.ts';

/** One simulated device with files: a sync client, its bytes database and its upload queue. */
export interface FileDevice {
  readonly sync: SyncClient;
  readonly blobs: FileBlobDb;
  readonly storage: FileStorage;
  readonly queue: UploadQueue;
  capture(request: CaptureRequest): Promise<CaptureResult>;
  close(): Promise<void>;
}

export async function startFileDevice(
  server: LocalServer,
  options: SyncClientOptions & { url?: string } = {},
): Promise<FileDevice> {
  const sync = await startSyncClient(server, options);
  const token = await signIn(server, options.email);
  const client = createClient(options.url ?? server.url, server.anonKey, {
    accessToken: async () => token,
    realtime: { transport: WebSocket as never },
  });
  const blobs = await openFileBlobDb(`${sync.db.name}-blobs`);
  const storage = createSupabaseFileStorage(client, clinicFilesBucket, {
    url: options.url ?? server.url,
    apiKey: server.anonKey,
    accessToken: async () => token,
  });
  // Fast, deterministic retries: the policy is the core's, the numbers are the test's.
  const queue = createUploadQueue({
    db: sync.db,
    blobs,
    storage,
    backoff: { baseMs: 10, maxMs: 50 },
    random: () => 0.5,
  });
  return {
    sync,
    blobs,
    storage,
    queue,
    capture: (request) => captureFile({ db: sync.db, blobs }, request),
    async close() {
      await queue.stop();
      await sync.close();
      blobs.close();
      await blobs.delete();
    },
  };
}

/** The service role's view of the bucket, for checking what really is stored. */
export function serviceClient(server: LocalServer): SupabaseClient {
  return createClient(server.url, server.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
  });
}

export async function somePatientId(server: LocalServer): Promise<string> {
  const { rows } = await server.db.query<{ id: string }>(
    'select id from patients where deleted_at is null order by id limit 1',
  );
  const id = rows[0]?.id;
  if (!id) throw new Error('the seed has no patients');
  return id;
}

export async function objectCount(server: LocalServer, path: string): Promise<number> {
  const { rows } = await server.db.query<{ n: number }>(
    `select count(*)::int as n from storage.objects where bucket_id = 'clinic-files' and name = $1`,
    [path],
  );
  return rows[0]?.n ?? 0;
}

/** Deterministic bytes of a given size (a fake scan), different per seed. */
export function scanBytes(size: number, seed: number): ArrayBuffer {
  const bytes = new Uint8Array(size);
  let x = seed * 2654435761;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes.buffer;
}

/** Runs the queue until nothing is due (retries wait their short test backoff). */
export async function uploadUntilQuiet(device: FileDevice, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const summary = await device.queue.runOnce();
    const waiting = await device.blobs.uploads
      .where('phase')
      .anyOf('waiting', 'queued', 'uploading', 'verifying')
      .count();
    if (summary.waiting === 0 && waiting === 0) return;
    if (Date.now() > deadline)
      throw new Error(`uploads did not settle: ${JSON.stringify(await device.blobs.uploads.toArray())}`);
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
}
