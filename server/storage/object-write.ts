import { randomUUID } from 'node:crypto';
import type { RequestIdentity } from '../auth/request-auth.ts';
import type { Database, Queryable } from '../db/database.ts';
import { findObject } from './object-routes.ts';
import { asCaller, type StorageRequest } from './storage-context.ts';
import { formatMediaType, isActiveContent, parseMediaType } from './media-type.ts';
import { storageErrors } from './storage-error.ts';
import type { ReceivedUpload } from './upload-body.ts';

/** What a bucket allows, as both upload routes (single request and resumable) enforce it. */
export interface BucketSettings {
  readonly file_size_limit: number | null;
  readonly allowed_mime_types: string[] | null;
}

/**
 * Read as the server, not as the caller: Storage looks buckets up as superuser, and on PGlite a
 * query beside the caller's open transaction would wait for it forever.
 */
export async function bucketSettings(db: Database, bucket: string): Promise<BucketSettings> {
  const found = await db.query<BucketSettings>(
    `select file_size_limit, allowed_mime_types from storage.buckets where id = $1`,
    [bucket],
  );
  const settings = found.rows[0];
  if (!settings) throw storageErrors.noSuchBucket();
  return settings;
}

/** The largest object the bucket takes: its own limit, never above the server's. */
export function sizeLimitOf(settings: BucketSettings, serverLimit: number): number {
  return Math.min(serverLimit, settings.file_size_limit ?? Number.POSITIVE_INFINITY);
}

/**
 * The type an upload is stored under, or the refusal: exactly one valid media type (no lists, no
 * parameter smuggling a second type: see media-type.ts), never an active type (HTML, SVG, XML,
 * scripts), and one the bucket allows (`image/*` patterns match the type family, as Storage
 * matches them; no list means any type that is not active).
 */
export function acceptedMediaType(allowed: readonly string[] | null, declared: string): string {
  const type = parseMediaType(declared);
  if (!type || isActiveContent(type.essence)) throw storageErrors.invalidMimeType(declared);
  const permitted =
    !allowed ||
    allowed.length === 0 ||
    allowed.some((pattern) => {
      const p = pattern.toLowerCase();
      return p.endsWith('/*') ? type.essence.startsWith(p.slice(0, -1)) : type.essence === p;
    });
  if (!permitted) throw storageErrors.invalidMimeType(declared);
  return formatMediaType(type);
}

/** The `metadata` column as Storage fills it (`ObjectMetadata`). */
function objectMetadata(upload: ReceivedUpload) {
  return {
    eTag: `"${upload.staged.md5}"`,
    size: upload.staged.size,
    mimetype: upload.mimetype,
    cacheControl: upload.cacheControl,
    lastModified: new Date().toISOString(),
    contentLength: upload.staged.size,
    httpStatusCode: 200,
  };
}

export interface RowWrite {
  readonly bucket: string;
  readonly key: string;
  readonly owner: string | null;
  readonly version: string;
  readonly upload: ReceivedUpload;
  readonly upsert: boolean;
  readonly replace: boolean;
}

/**
 * Inserts or (upsert/replace) updates the object row as the caller, so RLS insert/update
 * policies decide; returns its id and the version it replaced. An existing key without upsert is
 * `KeyAlreadyExists`.
 */
export async function writeObjectRow(
  tx: Queryable,
  write: RowWrite,
): Promise<{ id: string; previous: string | undefined }> {
  const existing = await findObject(tx, write.bucket, write.key);
  if (existing && !write.upsert) throw storageErrors.duplicate('KeyAlreadyExists');
  if (!existing && write.replace) throw storageErrors.noSuchKey();
  const userMetadata = write.upload.userMetadata ? JSON.stringify(write.upload.userMetadata) : null;
  const params = [
    write.bucket,
    write.key,
    write.owner,
    write.version,
    JSON.stringify(objectMetadata(write.upload)),
    userMetadata,
  ];
  const written = existing
    ? await tx.query<{ id: string }>(
        `update storage.objects set owner = $3::uuid, owner_id = $3::text, version = $4, metadata = $5::jsonb, user_metadata = $6::jsonb,
                updated_at = now(), last_accessed_at = now()
          where bucket_id = $1 and name = $2 returning id`,
        params,
      )
    : await tx.query<{ id: string }>(
        `insert into storage.objects (bucket_id, name, owner, owner_id, version, metadata, user_metadata)
         values ($1, $2, $3::uuid, $3::text, $4, $5::jsonb, $6::jsonb) returning id`,
        params,
      );
  // An update that RLS hides matches no row: the caller may not replace this object.
  if (!written.rows[0]) throw storageErrors.accessDenied();
  return { id: written.rows[0].id, previous: existing?.version };
}

const probeDone = Symbol('probe done');

/**
 * Whether the caller may create (or, with `upsert`, replace) this object now: RLS and an existing
 * key decide as they would for the real write, which is tried and rolled back. The resumable
 * route asks before it takes any bytes, so a refusal costs a request, not a file's worth of
 * bytes (as Storage's `canUpload`).
 */
export async function probeObjectWrite(
  request: StorageRequest,
  identity: RequestIdentity,
  write: Pick<RowWrite, 'bucket' | 'key' | 'owner' | 'upsert'> & { readonly mimetype: string },
): Promise<void> {
  const placeholder: ReceivedUpload = {
    staged: { path: '', size: 0, md5: '' },
    mimetype: write.mimetype,
    cacheControl: 'no-cache',
    userMetadata: undefined,
  };
  try {
    await asCaller(request, identity, async (tx) => {
      await writeObjectRow(tx, { ...write, version: randomUUID(), upload: placeholder, replace: false });
      throw probeDone;
    });
  } catch (error) {
    if (error !== probeDone) throw error;
  }
}
