import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import type { ObjectFiles, StagedFile } from './object-files.ts';
import { storageErrors } from './storage-error.ts';

export interface ReceivedUpload {
  readonly staged: StagedFile;
  readonly mimetype: string;
  readonly cacheControl: string;
  readonly userMetadata: Record<string, unknown> | undefined;
}

/**
 * What a stored `cacheControl` may hold: Cache-Control directives (tokens, `=`, quoted values,
 * commas and spaces), at most 200 characters. A CR or LF would end the header it is later sent
 * in (every download of the object would fail); any other control character is no directive.
 */
const CACHE_CONTROL = /^[A-Za-z0-9!#$%&'*+.^_`|~=", -]{1,200}$/;

/** `cacheControl` arrives as bare seconds (multipart) or as `max-age=N` (raw); stored as `max-age=N`. */
export function cacheControlOf(value: string | undefined): string {
  if (value === undefined || value === '') return 'no-cache';
  if (/^\d{1,10}$/.test(value)) return `max-age=${value}`;
  if (!CACHE_CONTROL.test(value)) throw storageErrors.invalidCacheControl();
  return value;
}

/** A stored value as it may be sent: one written before the check above falls back to `no-cache`. */
export function servableCacheControl(stored: string | undefined): string {
  return stored !== undefined && CACHE_CONTROL.test(stored) ? stored : 'no-cache';
}

export function metadataOf(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw storageErrors.invalidRequest('metadata must be a JSON object');
}

/**
 * Reads an upload as storage-js sends it: multipart/form-data (text fields, then the file part
 * whose field name is empty; its own Content-Type is the object's) or a raw body (Content-Type,
 * `cache-control`, base64 JSON `x-metadata` headers). Bytes go straight to a staging file.
 */
export async function receiveUpload(
  req: IncomingMessage,
  files: ObjectFiles,
  limit: number,
): Promise<ReceivedUpload> {
  const contentType = req.headers['content-type'] ?? 'application/octet-stream';
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) {
      req.resume();
      throw storageErrors.entityTooLarge();
    }
    const header = req.headers['x-metadata'];
    const metadata =
      typeof header === 'string' ? metadataOf(Buffer.from(header, 'base64').toString('utf8')) : undefined;
    const staged = await files.stage(req, limit);
    return {
      staged,
      mimetype: contentType,
      cacheControl: cacheControlOf(req.headers['cache-control']),
      userMetadata: metadata,
    };
  }
  return new Promise<ReceivedUpload>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fields: 20, fieldSize: 64 * 1024 } });
    } catch (error) {
      reject(storageErrors.invalidRequest(error instanceof Error ? error.message : 'bad multipart body'));
      return;
    }
    const fields: Record<string, string> = {};
    let upload: Promise<{ staged: StagedFile; mimeType: string }> | undefined;
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (_name, stream, info) => {
      upload ??= files.stage(stream, limit).then((staged) => ({ staged, mimeType: info.mimeType }));
      upload.catch((error: unknown) => {
        // Oversized or unwritable: stop parsing, drain the rest, answer now.
        req.unpipe(parser);
        req.resume();
        reject(error);
      });
    });
    parser.on('error', (error: Error) => reject(storageErrors.invalidRequest(error.message)));
    parser.on('close', () => {
      if (!upload) return reject(storageErrors.invalidRequest('The multipart body has no file part'));
      upload
        .then(({ staged, mimeType }) =>
          resolve({
            staged,
            mimetype: fields['contentType'] || mimeType || 'application/octet-stream',
            cacheControl: cacheControlOf(fields['cacheControl']),
            userMetadata: metadataOf(fields['metadata']),
          }),
        )
        .catch(reject);
    });
    req.pipe(parser);
  });
}
