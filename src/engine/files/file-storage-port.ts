/**
 * The bucket as the files engine sees it (one bucket per port).
 *
 * Guarantees an implementation must keep:
 * - `upload` and `uploadResumable` never overwrite: an existing key answers `exists` (the caller
 *   verifies its bytes); a lost answer may mean the object was stored, so callers retry and
 *   accept `exists`.
 * - `uploadResumable` sends the bytes in chunks the server keeps: given the `uploadUrl` of an
 *   earlier attempt it continues from the offset the server reports, and starts a new upload
 *   only when the server no longer knows that one (404/410). A port without a resumable endpoint
 *   uploads in one request instead.
 * - Failures are values: `offline` (no answer), `unauthorized` (session missing or expired),
 *   `refused` (the server understood and said no: RLS, type, size; retrying will not help),
 *   `not_found`, `server_error` (5xx: retry later).
 * - `list` returns every object under `prefix` at any depth (the walk over folders is the
 *   implementation's), with the size and type Storage recorded.
 */
export interface FileStorage {
  readonly bucket: string;
  upload(path: string, bytes: ArrayBuffer, contentType: string): Promise<StorageResult<'created' | 'exists'>>;
  uploadResumable(upload: ResumableUpload): Promise<StorageResult<'created' | 'exists'>>;
  download(path: string): Promise<StorageResult<ArrayBuffer>>;
  list(prefix?: string): Promise<StorageResult<readonly ListedObject[]>>;
}

export interface ResumableUpload {
  readonly path: string;
  readonly bytes: ArrayBuffer;
  readonly contentType: string;
  /** Where an earlier attempt's bytes went (a TUS upload URL), or null for a first attempt. */
  readonly uploadUrl: string | null;
  /**
   * A new upload URL, awaited before any byte is sent to it: stored with the file's upload status
   * so that a retry, a reload or the next uploading context resumes it.
   */
  readonly onUploadUrl: (url: string) => Promise<void>;
  /** Bytes the server has or is receiving, from the resumed offset on. */
  readonly onProgress: (bytesDone: number) => void;
  /** Stops the upload (this context stops uploading); it answers `offline` and can be resumed. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Supabase Storage takes resumable uploads in chunks of exactly 6 MiB (all but the last). A file
 * of at most one chunk has nothing to resume, so it goes in a single request, as before.
 */
export const resumableChunkBytes = 6 * 1024 * 1024;

export function uploadsResumably(size: number): boolean {
  return size > resumableChunkBytes;
}

export interface ListedObject {
  readonly path: string;
  readonly size: number | null;
  readonly contentType: string | null;
}

export type StorageFailure =
  | { readonly kind: 'offline'; readonly message: string }
  | { readonly kind: 'unauthorized'; readonly message: string }
  | { readonly kind: 'refused'; readonly code: string; readonly message: string }
  | { readonly kind: 'not_found'; readonly message: string }
  | { readonly kind: 'server_error'; readonly message: string };

export type StorageResult<T> = { readonly kind: 'ok'; readonly value: T } | StorageFailure;

/** Failures worth retrying later by themselves (the link or the server may come back). */
export function isTransient(failure: StorageFailure): boolean {
  return failure.kind === 'offline' || failure.kind === 'server_error' || failure.kind === 'unauthorized';
}
