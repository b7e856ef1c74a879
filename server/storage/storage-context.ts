import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JwtKeys } from '../auth/jwt-keys.ts';
import type { Authenticator, RequestIdentity } from '../auth/request-auth.ts';
import type { Database, Queryable } from '../db/database.ts';
import { runAsRole } from '../db/run-as-role.ts';
import { BodyTooLargeError, parseJsonBody, readBody } from '../http/read-body.ts';
import type { ObjectFiles } from './object-files.ts';
import type { ResumableUploads } from './resumable-uploads.ts';
import { storageErrors } from './storage-error.ts';

export interface StorageDeps {
  readonly db: Database;
  /** Signs URLs. */
  readonly keys: JwtKeys;
  /** Who a request runs as (a user's token only while its session lives). */
  readonly auth: Authenticator;
  readonly files: ObjectFiles;
  /** Largest object accepted, whatever a bucket allows. */
  readonly uploadLimit: number;
  /** Largest JSON body of the non-upload routes. */
  readonly jsonLimit: number;
  /** TUS uploads at `/upload/resumable`, their partial bytes kept under the data dir. */
  readonly resumable: ResumableUploads;
}

export interface StorageRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly deps: StorageDeps;
}

/** Runs `fn` as the caller, so `storage.objects`/`storage.buckets` RLS decides, as on Supabase. */
export function asCaller<T>(
  request: StorageRequest,
  identity: RequestIdentity,
  fn: (tx: Queryable) => Promise<T>,
): Promise<T> {
  return runAsRole(
    request.deps.db,
    {
      identity,
      method: request.req.method ?? 'GET',
      path: request.url.pathname,
      schema: 'storage',
      headers: request.req.headers,
    },
    fn,
  );
}

export type JsonObject = Record<string, unknown>;

export async function readJsonObject(request: StorageRequest): Promise<JsonObject> {
  let bytes: Buffer;
  try {
    bytes = await readBody(request.req, request.deps.jsonLimit);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw storageErrors.entityTooLarge();
    throw error;
  }
  const parsed = parseJsonBody(bytes);
  if (parsed.kind === 'invalid')
    throw storageErrors.invalidRequest(`Body is not valid JSON: ${parsed.reason}`);
  if (parsed.value === undefined) return {};
  if (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value))
    throw storageErrors.invalidRequest('body must be object');
  return parsed.value as JsonObject;
}

export function requiredString(body: JsonObject, key: string): string {
  const value = body[key];
  if (typeof value !== 'string' || value === '')
    throw storageErrors.invalidRequest(`body must have required property '${key}'`);
  return value;
}
