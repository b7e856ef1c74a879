import { Dexie, type Table } from 'dexie';
import type { UploadStatus } from './upload-status.ts';

export const defaultBlobDatabaseName = 'clinic-file-blobs';

/** The default downloads cache quota; the person can change it on the Storage page. */
export const defaultCacheQuotaBytes = 500 * 1024 * 1024;

/**
 * A file's bytes, keyed by their SHA-256: the same content attached twice is stored once.
 * `pinned` while this device holds the only copy (captured here, not yet uploaded and verified):
 * eviction never takes pinned bytes. Bytes are an ArrayBuffer (structured-clone safe everywhere).
 */
export interface StoredBlob {
  readonly sha256: string;
  readonly bytes: ArrayBuffer;
  readonly size: number;
  readonly contentType: string;
  readonly storedAt: number;
  readonly lastUsedAt: number;
  readonly pinned: boolean;
}

/** The metadata of a stored blob, without its bytes (what listings and eviction read). */
export type BlobInfo = Omit<StoredBlob, 'bytes'>;

export interface BlobSetting {
  readonly key: 'cache-quota';
  readonly bytes: number;
}

/**
 * The file bytes of this device, in their own IndexedDB database (`clinic-file-blobs`), apart
 * from the clinic database: bytes are large and content-addressed, rows are small and synced,
 * and a reset of the synced copy (resync) must never drop bytes that exist nowhere else.
 * `blobs` holds bytes (capture writes here FIRST, then the `files` row), `blob_info` the same
 * records without bytes (so listing and eviction never load megabytes), `uploads` the per-file
 * upload status the UI reads live, `settings` the cache quota.
 */
export class FileBlobDb extends Dexie {
  declare blobs: Table<StoredBlob, string>;
  declare blob_info: Table<BlobInfo, string>;
  declare uploads: Table<UploadStatus, string>;
  declare settings: Table<BlobSetting, string>;

  constructor(name: string = defaultBlobDatabaseName) {
    super(name);
    this.version(1).stores({
      blobs: 'sha256',
      blob_info: 'sha256, lastUsedAt',
      uploads: 'fileId, phase, nextAttemptAt',
      settings: 'key',
    });
  }
}

export async function openFileBlobDb(name: string = defaultBlobDatabaseName): Promise<FileBlobDb> {
  const db = new FileBlobDb(name);
  await db.open();
  return db;
}

/** Stores bytes (and their info) in one transaction; an existing pinned copy stays pinned. */
export async function putBlob(db: FileBlobDb, blob: StoredBlob): Promise<void> {
  await db.transaction('rw', [db.blobs, db.blob_info], async () => {
    const existing = await db.blob_info.get(blob.sha256);
    const record = { ...blob, pinned: blob.pinned || (existing?.pinned ?? false) };
    await db.blobs.put(record);
    const { bytes: _bytes, ...info } = record;
    await db.blob_info.put(info);
  });
}

/** The bytes of `sha256`, marking them used now (for LRU); undefined when not on this device. */
export async function readBlob(db: FileBlobDb, sha256: string, now: number): Promise<StoredBlob | undefined> {
  return db.transaction('rw', [db.blobs, db.blob_info], async () => {
    const blob = await db.blobs.get(sha256);
    if (blob) await db.blob_info.update(sha256, { lastUsedAt: now });
    return blob;
  });
}

export async function hasBlob(db: FileBlobDb, sha256: string): Promise<boolean> {
  return (await db.blob_info.get(sha256)) !== undefined;
}

export async function setPinned(db: FileBlobDb, sha256: string, pinned: boolean): Promise<void> {
  await db.transaction('rw', [db.blobs, db.blob_info], async () => {
    await db.blobs.update(sha256, { pinned });
    await db.blob_info.update(sha256, { pinned });
  });
}

export async function deleteBlobs(db: FileBlobDb, hashes: readonly string[]): Promise<void> {
  if (hashes.length === 0) return;
  await db.transaction('rw', [db.blobs, db.blob_info], async () => {
    await db.blobs.bulkDelete([...hashes]);
    await db.blob_info.bulkDelete([...hashes]);
  });
}

export async function cacheQuota(db: FileBlobDb): Promise<number> {
  return (await db.settings.get('cache-quota'))?.bytes ?? defaultCacheQuotaBytes;
}
