import { safeObjectName } from './file-name.ts';

/** The private bucket every clinic file lives in. */
export const clinicFilesBucket = 'clinic-files';

const SHA256 = /^[0-9a-f]{64}$/u;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u;

export function isSha256(value: string): boolean {
  return SHA256.test(value);
}

export function isRowId(value: string): boolean {
  return UUID.test(value);
}

/**
 * The object key of a file: `<owner table>/<owner id>/<sha256>-<safe name>`. Content-addressed
 * within its owner: the same bytes under the same name attached to the same record always get
 * the same key, on any device, so a second upload of them finds the first instead of adding one.
 * The owner comes first so Storage's RLS can decide by the first folder (see the bucket policies).
 */
export function objectPathFor(ownerTable: string, ownerId: string, sha256: string, name: string): string {
  return `${ownerTable}/${ownerId}/${sha256}-${safeObjectName(name)}`;
}

export interface ParsedObjectPath {
  readonly ownerTable: string;
  readonly ownerId: string;
  readonly sha256: string;
  readonly safeName: string;
}

/** The parts of a key this client writes; undefined for any other key (reconciliation skips those). */
export function parseObjectPath(path: string): ParsedObjectPath | undefined {
  const parts = path.split('/');
  if (parts.length !== 3) return undefined;
  const [ownerTable = '', ownerId = '', file = ''] = parts;
  const sha256 = file.slice(0, 64);
  if (!isRowId(ownerId) || !isSha256(sha256) || file[64] !== '-' || file.length < 66) return undefined;
  return { ownerTable, ownerId, sha256, safeName: file.slice(65) };
}

/**
 * The `files` row id of an object key, from the SHA-256 of `<bucket>/<path>` (hashing is the
 * caller's: the core has no crypto). Deterministic so that two devices attaching the same file to
 * the same record, and a reconciliation adding a row for an object, all name the same row: the
 * server sees one row, never two. Formatted as a version-8 (custom) UUID.
 */
export function fileRowIdFromDigest(hexDigest: string): string {
  if (!/^[0-9a-f]{32,}$/u.test(hexDigest))
    throw new Error('fileRowIdFromDigest needs at least 32 lowercase hex digits');
  const hex = hexDigest.slice(0, 32).split('');
  hex[12] = '8';
  hex[16] = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** The text whose SHA-256 gives a file's row id (see `fileRowIdFromDigest`). */
export function fileRowIdSeed(bucket: string, path: string): string {
  return `${bucket}/${path}`;
}
