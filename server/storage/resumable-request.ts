import type { IncomingMessage } from 'node:http';
import { Metadata } from '@tus/server';
import { resumableErrors } from './resumable-errors.ts';

export const offsetOctetStream = 'application/offset+octet-stream';

const nonNegativeInteger = /^(0|[1-9][0-9]*)$/;

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function isLength(value: string): boolean {
  return nonNegativeInteger.test(value) && Number.isSafeInteger(Number(value));
}

/**
 * The TUS headers of a request, checked before the TUS library sees it so that every bad input
 * gets a coded answer (the library answers some of them with bare text, and a wrong protocol
 * version with 400 where the protocol asks for 412). Throws the refusal.
 */
export function checkResumableHeaders(req: IncomingMessage, method: string): void {
  if (header(req, 'tus-resumable') !== '1.0.0') throw resumableErrors.unsupportedVersion();
  const contentType = (header(req, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (method === 'POST') {
    const length = header(req, 'upload-length');
    const deferred = header(req, 'upload-defer-length');
    if (length === undefined && deferred === undefined)
      throw resumableErrors.invalidLength('Upload-Length is required');
    if (length !== undefined && deferred !== undefined)
      throw resumableErrors.invalidLength('Upload-Length and Upload-Defer-Length exclude each other');
    if (length !== undefined && !isLength(length))
      throw resumableErrors.invalidLength(`Upload-Length must be a whole number of bytes, not "${length}"`);
    if (deferred !== undefined && deferred !== '1')
      throw resumableErrors.invalidLength('Upload-Defer-Length must be 1');
    const metadata = header(req, 'upload-metadata');
    if (metadata === undefined)
      throw resumableErrors.invalidMetadata('Upload-Metadata with bucketName and objectName is required');
    try {
      Metadata.parse(metadata);
    } catch {
      throw resumableErrors.invalidMetadata('Upload-Metadata is not comma-separated "key base64" pairs');
    }
    // Creation with upload: bytes in any other type would be silently dropped.
    const carriesBytes = Number(header(req, 'content-length') ?? '0') > 0;
    if (carriesBytes && contentType !== offsetOctetStream)
      throw resumableErrors.invalidContentType(contentType);
  }
  if (method === 'PATCH') {
    const offset = header(req, 'upload-offset');
    if (offset === undefined) throw resumableErrors.invalidOffset('Upload-Offset is required');
    if (!isLength(offset))
      throw resumableErrors.invalidOffset(`Upload-Offset must be a whole number of bytes, not "${offset}"`);
    if (contentType !== offsetOctetStream) throw resumableErrors.invalidContentType(contentType);
  }
}

/** The object an upload will become, from its (decoded) Upload-Metadata. */
export interface ResumableTarget {
  readonly bucketName: string;
  readonly objectName: string;
}

export function targetOf(metadata: Record<string, string | null> | undefined): ResumableTarget {
  const bucketName = metadata?.['bucketName'];
  const objectName = metadata?.['objectName'];
  if (!bucketName || !objectName)
    throw resumableErrors.invalidMetadata('Upload-Metadata must name the bucketName and the objectName');
  return { bucketName, objectName };
}
