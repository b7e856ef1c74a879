import { backoffDelay, type BackoffPolicy, type RandomSource } from '../../core/backoff.ts';
import type { ClinicDb } from '../local-db.ts';
import type { LocalRow } from '../local-records.ts';
import { mutate } from '../write-api.ts';
import { readBlob, setPinned, type FileBlobDb } from './file-blob-store.ts';
import {
  isTransient,
  uploadsResumably,
  type FileStorage,
  type StorageFailure,
  type StorageResult,
} from './file-storage-port.ts';
import { sha256Hex } from './sha256-hex.ts';
import type { UploadErrorCode, UploadPhase, UploadStatus } from './upload-status.ts';

export interface UploadContext {
  readonly db: ClinicDb;
  readonly blobs: FileBlobDb;
  readonly storage: FileStorage;
  readonly now: () => number;
  readonly random: RandomSource;
  readonly backoff: BackoffPolicy;
  /** Aborted when this context stops uploading: a resumable upload stops and stays resumable. */
  readonly signal?: AbortSignal;
}

/** At most one progress write per file this often (the UI reads the status live). */
const PROGRESS_WRITE_MS = 250;

export type UploadOutcome = 'done' | 'waiting' | 'failed';

/** A `files` row the queue can upload: not deleted, not marked uploaded, with a hash and a key. */
export interface PendingFile {
  readonly id: string;
  readonly sha256: string;
  readonly path: string;
  readonly name: string;
  readonly size: number;
  readonly contentType: string;
}

export function pendingFileOf(row: LocalRow, bucket: string): PendingFile | undefined {
  if ((row.deleted_at ?? null) !== null || (row['uploaded_at'] ?? null) !== null || row['bucket'] !== bucket)
    return undefined;
  const { sha256, path, name, size, content_type: contentType } = row;
  if (typeof sha256 !== 'string' || typeof path !== 'string' || typeof name !== 'string') return undefined;
  if (typeof size !== 'number' || typeof contentType !== 'string') return undefined;
  return { id: row.id, sha256, path, name, size, contentType };
}

/**
 * One attempt at one file: upload (never overwriting), verify by downloading the stored object
 * and hashing it, then mark the row uploaded through `mutate` (so the server learns it by the
 * normal push) and unpin the bytes. An answer lost after the server stored the object is safe:
 * the retry finds the key (`exists`), verifies the same bytes and finishes: one object, one row.
 * Files over one chunk go resumably: the upload URL is kept in the status, so the next attempt
 * (after a cut, a reload, or in the next uploading context) continues from the server's offset.
 */
export async function uploadOneFile(
  context: UploadContext,
  file: PendingFile,
  previous: UploadStatus | undefined,
): Promise<UploadOutcome> {
  const attempts = previous?.attempts ?? 0;
  const status = statusWriter(context, file, attempts, previous?.uploadUrl ?? null);
  const blob = await readBlob(context.blobs, file.sha256, context.now());
  if (!blob) return 'waiting';
  await status('uploading');
  const uploaded = await sendBytes(context, file, blob.bytes, status);
  if (uploaded.kind !== 'ok') {
    if (context.signal?.aborted) {
      // Stopping is no failure: the next uploader takes the file up at once, where it stands.
      await status('queued');
      return 'waiting';
    }
    return settleFailure(context, status, attempts, uploaded);
  }
  await status('verifying', { bytesDone: file.size, uploadUrl: null });
  const stored = await context.storage.download(file.path);
  if (stored.kind !== 'ok') return settleFailure(context, status, attempts, stored);
  const storedHash = await sha256Hex(stored.value);
  const done = { bytesDone: file.size, attempts: attempts + 1 };
  if (storedHash !== file.sha256) {
    const message = `the stored object hashes to ${storedHash}`;
    await status('failed', { ...done, error: { code: 'hash_mismatch', message } });
    return 'failed';
  }
  const marked = await mutate(context.db, 'files', 'update', file.id, {
    uploaded_at: new Date(context.now()).toISOString(),
  });
  // A row deleted meanwhile needs no mark: its bytes are stored all the same.
  if (!marked.ok && marked.error.code !== 'row_deleted' && marked.error.code !== 'row_missing') {
    await status('failed', { ...done, error: { code: 'not_uploaded', message: marked.error.message } });
    return 'failed';
  }
  await unpinIfNoLongerNeeded(context, file);
  await status('done', done);
  return 'done';
}

/** The upload itself: in one request, or resumably with progress (at most every 250 ms). */
async function sendBytes(
  context: UploadContext,
  file: PendingFile,
  bytes: ArrayBuffer,
  status: StatusWriter,
): Promise<StorageResult<'created' | 'exists'>> {
  if (!uploadsResumably(file.size)) return context.storage.upload(file.path, bytes, file.contentType);
  return context.storage.uploadResumable({
    path: file.path,
    bytes,
    contentType: file.contentType,
    uploadUrl: status.uploadUrl(),
    signal: context.signal,
    async onUploadUrl(uploadUrl) {
      await status('uploading', { uploadUrl });
    },
    onProgress: (bytesDone) => status.progress(bytesDone),
  });
}

/**
 * Writes the file's `UploadStatus` (read live by the UI). Fields not given take their reset
 * value, but the upload URL and the bytes done carry over from the last write: they describe
 * where the bytes stand, whatever the phase.
 */
interface StatusWriter {
  (phase: UploadPhase, extra?: Partial<UploadStatus>): Promise<unknown>;
  uploadUrl(): string | null;
  /** Bytes done while uploading: always kept for the next write, written at most every 250 ms. */
  progress(bytesDone: number): void;
}

function statusWriter(
  context: UploadContext,
  file: PendingFile,
  attempts: number,
  firstUploadUrl: string | null,
): StatusWriter {
  let uploadUrl = firstUploadUrl;
  let bytesDone = 0;
  const write = (phase: UploadPhase, extra: Partial<UploadStatus> = {}) => {
    if (extra.uploadUrl !== undefined) uploadUrl = extra.uploadUrl;
    if (extra.bytesDone !== undefined) bytesDone = extra.bytesDone;
    return context.blobs.uploads.put({
      fileId: file.id,
      sha256: file.sha256,
      path: file.path,
      name: file.name,
      size: file.size,
      phase,
      attempts,
      nextAttemptAt: 0,
      error: null,
      updatedAt: context.now(),
      ...extra,
      bytesDone,
      uploadUrl,
    });
  };
  let lastProgressWrite = 0;
  const progress = (done: number): void => {
    bytesDone = done;
    const now = context.now();
    if (now - lastProgressWrite < PROGRESS_WRITE_MS && done < file.size) return;
    lastProgressWrite = now;
    write('uploading').catch(() => undefined);
  };
  return Object.assign(write, { uploadUrl: () => uploadUrl, progress });
}

/** Transient failures wait out the core's backoff for this file; refusals stay `failed` until a retry. */
async function settleFailure(
  context: UploadContext,
  status: StatusWriter,
  attempts: number,
  failure: StorageFailure,
): Promise<UploadOutcome> {
  const error = { code: errorCodeOf(failure), message: failure.message };
  if (!isTransient(failure)) {
    await status('failed', { attempts: attempts + 1, error });
    return 'failed';
  }
  const delay = backoffDelay(attempts + 1, context.random, context.backoff);
  await status('waiting', { attempts: attempts + 1, nextAttemptAt: context.now() + delay, error });
  return 'waiting';
}

/** The same bytes may back another row still waiting (another record, another name): keep them pinned then. */
async function unpinIfNoLongerNeeded(context: UploadContext, file: PendingFile): Promise<void> {
  const others = await context.db
    .rows('files')
    .filter(
      (row) =>
        row.id !== file.id &&
        row['sha256'] === file.sha256 &&
        pendingFileOf(row, context.storage.bucket) !== undefined,
    )
    .count();
  if (others === 0) await setPinned(context.blobs, file.sha256, false);
}

function errorCodeOf(failure: StorageFailure): UploadErrorCode {
  switch (failure.kind) {
    case 'offline':
      return 'offline';
    case 'unauthorized':
      return 'unauthorized';
    case 'server_error':
      return 'server_error';
    case 'refused':
    case 'not_found':
      return 'refused';
  }
}
