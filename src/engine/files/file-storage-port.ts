/**
 * The bucket as the files engine sees it (one bucket per port).
 *
 * Guarantees an implementation must keep:
 * - `upload` never overwrites: an existing key answers `exists` (the caller verifies its bytes);
 *   a lost answer may mean the object was stored, so callers retry and accept `exists`.
 * - Failures are values: `offline` (no answer), `unauthorized` (session missing or expired),
 *   `refused` (the server understood and said no: RLS, type, size; retrying will not help),
 *   `not_found`, `server_error` (5xx: retry later).
 * - `list` returns every object under `prefix` at any depth (the walk over folders is the
 *   implementation's), with the size and type Storage recorded.
 */
export interface FileStorage {
  readonly bucket: string;
  upload(path: string, bytes: ArrayBuffer, contentType: string): Promise<StorageResult<'created' | 'exists'>>;
  download(path: string): Promise<StorageResult<ArrayBuffer>>;
  list(prefix?: string): Promise<StorageResult<readonly ListedObject[]>>;
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
