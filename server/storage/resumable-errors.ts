import type { ServerResponse } from 'node:http';
import { ERRORS } from '@tus/server';
import { sendJson } from '../http/send.ts';
import { StorageError, storageErrorBody, toStorageError } from './storage-error.ts';

/**
 * Failures of the resumable (TUS) route. Unlike Storage's other routes, TUS clients read the HTTP
 * status itself (409 means "ask for the offset again", 404/410 "start a new upload", 412 "wrong
 * protocol version"), so these answers carry the real status, and Storage's JSON error body with
 * a code for every refusal.
 */
export const resumableErrors = {
  unsupportedVersion: () =>
    new StorageError(
      '412',
      'UnsupportedTusVersion',
      'precondition_failed',
      'Tus-Resumable must be 1.0.0, the only protocol version this server speaks',
    ),
  invalidLength: (message: string) =>
    new StorageError('400', 'InvalidUploadLength', 'invalid_upload_length', message),
  invalidOffset: (message: string) =>
    new StorageError('400', 'InvalidUploadOffset', 'invalid_upload_offset', message),
  offsetConflict: () =>
    new StorageError(
      '409',
      'UploadOffsetConflict',
      'offset_conflict',
      'Upload-Offset is not where the upload stands: ask with HEAD and continue from there',
    ),
  invalidContentType: (type: string) =>
    new StorageError(
      '415',
      'InvalidContentType',
      'invalid_content_type',
      `upload bytes must be sent as application/offset+octet-stream, not ${type || 'nothing'}`,
    ),
  invalidMetadata: (message: string) =>
    new StorageError('400', 'InvalidUploadMetadata', 'invalid_upload_metadata', message),
  noSuchUpload: () =>
    new StorageError('404', 'NoSuchUpload', 'not_found', 'The upload does not exist (never, or no longer)'),
  uploadExpired: () =>
    new StorageError('410', 'UploadExpired', 'gone', 'The upload expired before its last byte arrived'),
  locked: () =>
    new StorageError('423', 'UploadLocked', 'locked', 'Another request is writing this upload; retry later'),
  notOwner: () =>
    new StorageError('403', 'AccessDenied', 'Unauthorized', 'This upload was started by another user'),
  notImplemented: (message: string) => new StorageError('501', 'NotImplemented', 'not_implemented', message),
} as const;

/** The TUS library's own refusals (thrown as shared constants) in Storage's coded shape. */
const libraryErrors = new Map<unknown, () => StorageError>([
  [ERRORS.FILE_NOT_FOUND, resumableErrors.noSuchUpload],
  [ERRORS.FILE_NO_LONGER_EXISTS, resumableErrors.uploadExpired],
  [ERRORS.INVALID_OFFSET, resumableErrors.offsetConflict],
  [ERRORS.MISSING_OFFSET, () => resumableErrors.invalidOffset('Upload-Offset is required')],
  [ERRORS.INVALID_CONTENT_TYPE, () => resumableErrors.invalidContentType('')],
  [
    ERRORS.ERR_SIZE_EXCEEDED,
    () =>
      new StorageError('413', 'EntityTooLarge', 'Payload too large', "The bytes go past the upload's length"),
  ],
  [
    ERRORS.ERR_MAX_SIZE_EXCEEDED,
    () =>
      new StorageError(
        '413',
        'EntityTooLarge',
        'Payload too large',
        'The object exceeded the maximum allowed size',
      ),
  ],
  [
    ERRORS.INVALID_LENGTH,
    () => resumableErrors.invalidLength('Upload-Length (or Upload-Defer-Length: 1) is required'),
  ],
  [
    ERRORS.INVALID_METADATA,
    () => resumableErrors.invalidMetadata('Upload-Metadata is not comma-separated "key base64" pairs'),
  ],
  [ERRORS.ERR_LOCK_TIMEOUT, resumableErrors.locked],
  [
    ERRORS.ABORTED,
    () => new StorageError('400', 'UploadAborted', 'aborted', 'The request ended before its bytes did'),
  ],
  [
    ERRORS.INVALID_TERMINATION,
    () => new StorageError('400', 'InvalidRequest', 'Bad Request', 'A finished upload cannot be terminated'),
  ],
  [
    ERRORS.UNSUPPORTED_CONCATENATION_EXTENSION,
    () => resumableErrors.notImplemented('Upload-Concat is not supported'),
  ],
  [
    ERRORS.UNSUPPORTED_CREATION_DEFER_LENGTH_EXTENSION,
    () => resumableErrors.notImplemented('Upload-Defer-Length is not supported'),
  ],
]);

export function toResumableError(error: unknown): StorageError {
  const known = libraryErrors.get(error);
  if (known) return known();
  if (error instanceof StorageError) return error;
  const tus = error as { status_code?: unknown; body?: unknown } | null;
  if (typeof tus?.status_code === 'number' && typeof tus.body === 'string')
    return new StorageError(String(tus.status_code), 'TusError', 'tus_error', tus.body.trim());
  return toStorageError(error);
}

/** What the TUS library sends for a failure: the real status and Storage's JSON body. */
export function resumableErrorResponse(error: unknown): { status_code: number; body: string } {
  const failure = toResumableError(error);
  return { status_code: Number(failure.statusCode), body: JSON.stringify(storageErrorBody(failure)) };
}

/** A refusal answered before the TUS library sees the request. */
export function sendResumableError(res: ServerResponse, error: unknown): void {
  const failure = toResumableError(error);
  const headers: Record<string, string> = { 'Tus-Resumable': '1.0.0' };
  if (failure.statusCode === '412') headers['Tus-Version'] = '1.0.0';
  sendJson(res, Number(failure.statusCode), storageErrorBody(failure), headers);
}
