import { planEviction } from '../../core/files/cache-eviction.ts';
import type { LocalRow } from '../local-records.ts';
import { cacheQuota, deleteBlobs, putBlob, readBlob, type FileBlobDb } from './file-blob-store.ts';
import type { FileStorage, StorageFailure } from './file-storage-port.ts';
import { sha256Hex } from './sha256-hex.ts';

export type OpenFileResult =
  | {
      readonly kind: 'ok';
      readonly bytes: ArrayBuffer;
      readonly contentType: string;
      readonly source: 'device' | 'download';
    }
  | StorageFailure
  | { readonly kind: 'hash_mismatch'; readonly message: string }
  | { readonly kind: 'invalid_row'; readonly message: string };

export interface OpenFileDeps {
  readonly blobs: FileBlobDb;
  /** Absent offline-only contexts: then only bytes on this device open. */
  readonly storage?: FileStorage;
  readonly now?: () => number;
}

/**
 * Opens a file's bytes: from this device when they are here (captured here, or downloaded before:
 * works offline), else downloaded, checked against the row's SHA-256 and kept in the cache, the
 * least recently used entries evicted to stay under the quota. Bytes that fail the check are
 * never cached nor shown.
 */
export async function openFileBytes(deps: OpenFileDeps, row: LocalRow): Promise<OpenFileResult> {
  const now = deps.now ?? Date.now;
  const { sha256, path, content_type: contentType } = row;
  if (typeof sha256 !== 'string' || typeof path !== 'string' || typeof contentType !== 'string') {
    return { kind: 'invalid_row', message: `file ${row.id} has no hash, key or type` };
  }
  const local = await readBlob(deps.blobs, sha256, now());
  if (local) return { kind: 'ok', bytes: local.bytes, contentType: local.contentType, source: 'device' };
  if (!deps.storage) return { kind: 'offline', message: 'the file is not on this device' };
  const downloaded = await deps.storage.download(path);
  if (downloaded.kind !== 'ok') return downloaded;
  const actual = await sha256Hex(downloaded.value);
  if (actual !== sha256)
    return { kind: 'hash_mismatch', message: `downloaded bytes hash to ${actual}, the row says ${sha256}` };
  await cacheBytes(deps.blobs, { sha256, bytes: downloaded.value, contentType }, now());
  return { kind: 'ok', bytes: downloaded.value, contentType, source: 'download' };
}

async function cacheBytes(
  blobs: FileBlobDb,
  file: { sha256: string; bytes: ArrayBuffer; contentType: string },
  now: number,
): Promise<void> {
  const quota = await cacheQuota(blobs);
  const plan = planEviction(await blobs.blob_info.toArray(), quota, file.bytes.byteLength);
  // A file larger than the whole quota is shown but not kept.
  if (!plan.fits) return;
  await deleteBlobs(blobs, plan.evict);
  await putBlob(blobs, {
    ...file,
    size: file.bytes.byteLength,
    storedAt: now,
    lastUsedAt: now,
    pinned: false,
  });
}

export interface CacheUsage {
  readonly quotaBytes: number;
  readonly usedBytes: number;
  /** Bytes captured here and not yet uploaded: counted, never evicted. */
  readonly pinnedBytes: number;
  readonly files: number;
}

export async function cacheUsage(blobs: FileBlobDb): Promise<CacheUsage> {
  const infos = await blobs.blob_info.toArray();
  return {
    quotaBytes: await cacheQuota(blobs),
    usedBytes: infos.reduce((sum, info) => sum + info.size, 0),
    pinnedBytes: infos.filter((info) => info.pinned).reduce((sum, info) => sum + info.size, 0),
    files: infos.length,
  };
}

export type QuotaResult =
  | { readonly ok: true; readonly evicted: number }
  | { readonly ok: false; readonly code: 'invalid_quota'; readonly message: string };

/** At least 10 MiB (a couple of exams), at most 100 GiB; lowering it evicts at once. */
export async function setCacheQuota(blobs: FileBlobDb, bytes: number): Promise<QuotaResult> {
  if (!Number.isSafeInteger(bytes) || bytes < 10 * 1024 * 1024 || bytes > 100 * 1024 ** 3) {
    return {
      ok: false,
      code: 'invalid_quota',
      message: 'the cache quota must be between 10 MiB and 100 GiB',
    };
  }
  await blobs.settings.put({ key: 'cache-quota', bytes });
  const plan = planEviction(await blobs.blob_info.toArray(), bytes);
  await deleteBlobs(blobs, plan.evict);
  return { ok: true, evicted: plan.evict.length };
}
