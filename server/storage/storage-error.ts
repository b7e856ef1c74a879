import type { ServerResponse } from 'node:http';
import { sendJson } from '../http/send.ts';

/**
 * Storage's error body. Like the real service (`StorageBackendError.userStatusCode`), the HTTP
 * status is 400 for every failure but a 500, and the meaningful status travels as a string in
 * `statusCode`: supabase-js's `exists()` relies on `code: "NoSuchKey"`.
 */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    readonly statusCode: string,
    readonly code: string,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }

  get httpStatus(): number {
    return this.statusCode === '500' ? 500 : 400;
  }
}

export const storageErrors = {
  noSuchKey: () => new StorageError('404', 'NoSuchKey', 'not_found', 'Object not found'),
  noSuchBucket: () => new StorageError('404', 'NoSuchBucket', 'Bucket not found', 'Bucket not found'),
  duplicate: (code: 'KeyAlreadyExists' | 'BucketAlreadyExists' | 'ResourceAlreadyExists') =>
    new StorageError('409', code, 'Duplicate', 'The resource already exists'),
  accessDenied: (message = 'new row violates row-level security policy') =>
    new StorageError('403', 'AccessDenied', 'Unauthorized', message),
  invalidJwt: (message: string) => new StorageError('400', 'InvalidJWT', 'invalid_jwt', message),
  expiredToken: () => new StorageError('400', 'ExpiredToken', 'invalid_jwt', 'jwt expired'),
  invalidSignature: () =>
    new StorageError(
      '400',
      'InvalidSignature',
      'invalid_signature',
      'The url in the token does not match the requested object',
    ),
  invalidKey: (key: string) => new StorageError('400', 'InvalidKey', 'Invalid Input', `Invalid key: ${key}`),
  invalidBucketName: (name: string) =>
    new StorageError('400', 'InvalidBucketName', 'Invalid Input', `Bucket name invalid: ${name}`),
  invalidRequest: (message: string) => new StorageError('400', 'InvalidRequest', 'Bad Request', message),
  entityTooLarge: () =>
    new StorageError(
      '413',
      'EntityTooLarge',
      'Payload too large',
      'The object exceeded the maximum allowed size',
    ),
  invalidCacheControl: () =>
    new StorageError(
      '400',
      'InvalidCacheControl',
      'invalid_cache_control',
      'cacheControl must be seconds or Cache-Control directives (no control characters, at most 200)',
    ),
  invalidMimeType: (mime: string) =>
    new StorageError('415', 'InvalidMimeType', 'invalid_mime_type', `mime type ${mime} is not supported`),
  bucketNotEmpty: () =>
    new StorageError(
      '409',
      'InvalidRequest',
      'Bucket not empty',
      'The bucket you tried to delete is not empty',
    ),
  notFound: (what: string) => new StorageError('404', 'NotFound', 'Not Found', `Route ${what} not found`),
} as const;

interface DatabaseErrorLike {
  code: string;
  message: string;
}

function databaseError(error: unknown): DatabaseErrorLike | undefined {
  if (!(error instanceof Error)) return undefined;
  const code: unknown = (error as unknown as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)
    ? { code, message: error.message }
    : undefined;
}

/** Any failure as Storage's error: database errors by SQLSTATE, anything unexpected as a 500. */
export function toStorageError(error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  const db = databaseError(error);
  if (db?.code === '42501') return storageErrors.accessDenied(db.message);
  if (db?.code === '23505') return storageErrors.duplicate('ResourceAlreadyExists');
  if (db?.code === '23503') return storageErrors.noSuchBucket();
  if (db) return new StorageError('400', 'DatabaseError', 'Bad Request', db.message);
  console.error('unexpected storage error', error);
  return new StorageError('500', 'InternalError', 'Internal Server Error', 'Internal Server Error');
}

/** Storage's error body, the same for every route. */
export function storageErrorBody(failure: StorageError): Record<string, string> {
  return {
    statusCode: failure.statusCode,
    code: failure.code,
    error: failure.error,
    message: failure.message,
  };
}

export function sendStorageError(res: ServerResponse, error: unknown): void {
  const failure = toStorageError(error);
  sendJson(res, failure.httpStatus, storageErrorBody(failure));
}
