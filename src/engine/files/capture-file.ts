import { fileError, type FileError } from '../../core/files/file-error.ts';
import { clinicFilesBucket, objectPathFor } from '../../core/files/object-path.ts';
import { validateCapture } from '../../core/files/validate-capture.ts';
import type { RowValues } from '../../core/protocol/synced-row.ts';
import type { ClinicDb } from '../local-db.ts';
import { mutate, type WriteError } from '../write-api.ts';
import { putBlob, type FileBlobDb } from './file-blob-store.ts';
import { fileRowIdFor, sha256Hex } from './sha256-hex.ts';

export interface CaptureRequest {
  readonly ownerTable: string;
  readonly ownerId: string;
  readonly name: string;
  /** As the browser declared it (File.type, possibly empty). */
  readonly contentType: string;
  readonly bytes: ArrayBuffer;
  /** The file this one is a new version of (its row stays, linked by `replaces`). */
  readonly replaces?: string;
  /** Who may see it (`clinical`, `administrative`, `billing`); none: the owner's most private default. */
  readonly category?: string;
}

/**
 * `created`: a new row; `existing`: the same content under the same name was already attached to
 * this record (its row is returned, nothing new is written); `restored`: it had been deleted and
 * is live again.
 */
export type CaptureOutcome = 'created' | 'existing' | 'restored';

export type CaptureResult =
  | {
      readonly ok: true;
      readonly outcome: CaptureOutcome;
      readonly fileId: string;
      readonly sha256: string;
      readonly path: string;
    }
  | { readonly ok: false; readonly error: FileError | WriteError };

export interface CaptureDeps {
  readonly db: ClinicDb;
  readonly blobs: FileBlobDb;
  readonly now?: () => number;
}

/**
 * Attaches a file, online or not. Order matters and is the invariant of this module: the bytes
 * are written FIRST (content-addressed, pinned as the only copy), THEN the `files` row and its
 * outbox entry in one transaction through `mutate`. A crash between the two leaves bytes with no
 * row (an orphan, collected later by `collectOrphanBlobs`), never a row whose bytes are nowhere.
 * Bad input is refused with a coded error before anything is written.
 */
export async function captureFile(deps: CaptureDeps, request: CaptureRequest): Promise<CaptureResult> {
  const now = deps.now ?? Date.now;
  const checked = validateCapture({ ...request, size: request.bytes.byteLength });
  if (!checked.ok) return checked;
  const file = checked.value;
  const sha256 = await sha256Hex(request.bytes);
  const path = objectPathFor(file.ownerTable, file.ownerId, sha256, file.name);
  const fileId = await fileRowIdFor(clinicFilesBucket, path);
  if (request.replaces === fileId) {
    return {
      ok: false,
      error: fileError(
        'same_as_replaced',
        `"${file.name}" has the same content and name as the version it replaces`,
      ),
    };
  }
  const existing = await deps.db.rows('files').get(fileId);
  if (existing && (existing.deleted_at ?? null) === null)
    return { ok: true, outcome: 'existing', fileId, sha256, path };

  const at = now();
  await putBlob(deps.blobs, {
    sha256,
    bytes: request.bytes,
    size: file.size,
    contentType: file.contentType,
    storedAt: at,
    lastUsedAt: at,
    pinned: true,
  });
  const attached = await attachRow(deps.db, fileId, {
    owner_table: file.ownerTable,
    owner_id: file.ownerId,
    bucket: clinicFilesBucket,
    path,
    name: file.name,
    content_type: file.contentType,
    size: file.size,
    sha256,
    uploaded_at: null,
    replaces: request.replaces ?? null,
    category: file.category,
  });
  return typeof attached === 'string'
    ? { ok: true, outcome: attached, fileId, sha256, path }
    : { ok: false, error: attached };
}

/**
 * Writes the row of bytes already stored: an insert, an undelete of a deleted row, or nothing
 * when a live row is there. The row is looked at again here, not only before the bytes were
 * stored: meanwhile a pull may have brought the same file (the same content and name, attached
 * on another device), and attaching it again must say `existing`, not fail.
 */
async function attachRow(
  db: ClinicDb,
  fileId: string,
  values: RowValues,
): Promise<CaptureOutcome | WriteError> {
  for (let attempt = 0; ; attempt += 1) {
    const current = await db.rows('files').get(fileId);
    if (current && (current.deleted_at ?? null) === null) return 'existing';
    const written = current
      ? await mutate(db, 'files', 'undelete', fileId)
      : await mutate(db, 'files', 'insert', fileId, values);
    if (written.ok) return current ? 'restored' : 'created';
    // Only a row that arrived between the look and the write is worth a second look.
    if (written.error.code !== 'row_exists' || attempt > 0) return written.error;
  }
}
