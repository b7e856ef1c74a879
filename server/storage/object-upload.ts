import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import { sendJson } from '../http/send.ts';
import { splitBucketAndKey } from './object-key.ts';
import { findObject } from './object-routes.ts';
import { asCaller, type StorageRequest } from './storage-context.ts';
import { storageErrors } from './storage-error.ts';
import { storageIdentity } from './storage-identity.ts';
import { receiveUpload, type ReceivedUpload } from './upload-body.ts';

interface BucketSettings {
  readonly file_size_limit: number | null;
  readonly allowed_mime_types: string[] | null;
}

/** `image/*` style patterns as Storage matches them; no list means anything goes. */
function mimeAllowed(allowed: readonly string[] | null, mimetype: string): boolean {
  if (!allowed || allowed.length === 0) return true;
  const base = mimetype.split(';')[0]!.trim().toLowerCase();
  return allowed.some((pattern) => {
    const p = pattern.toLowerCase();
    return p.endsWith('/*') ? base.startsWith(p.slice(0, -1)) : base === p;
  });
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

interface RowWrite {
  readonly bucket: string;
  readonly key: string;
  readonly owner: string | null;
  readonly version: string;
  readonly upload: ReceivedUpload;
  readonly upsert: boolean;
  readonly replace: boolean;
}

/** Inserts or (upsert/replace) updates the object row; returns its id and the version it replaced. */
async function writeObjectRow(
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

/**
 * POST (create; `x-upsert: true` replaces) and PUT (replace) of `/object/{bucket}/{key}`.
 * The row is written as the caller, so RLS insert/update policies decide; bytes are staged
 * first and placed under a fresh version before the row commits (see ObjectFiles), and the
 * replaced version's bytes go only after the commit.
 */
export async function uploadObject(request: StorageRequest, rest: string, replace: boolean): Promise<void> {
  const { req, res, deps } = request;
  const { bucket, key } = splitBucketAndKey(rest);
  const identity = await storageIdentity(req, deps.keys, false);
  const found = await deps.db.query<BucketSettings>(
    `select file_size_limit, allowed_mime_types from storage.buckets where id = $1`,
    [bucket],
  );
  const settings = found.rows[0];
  if (!settings) throw storageErrors.noSuchBucket();
  const upload = await receiveUpload(
    req,
    deps.files,
    Math.min(deps.uploadLimit, settings.file_size_limit ?? Number.POSITIVE_INFINITY),
  );
  const version = randomUUID();
  let placed = false;
  try {
    if (!mimeAllowed(settings.allowed_mime_types, upload.mimetype))
      throw storageErrors.invalidMimeType(upload.mimetype);
    await deps.files.place(upload.staged, version);
    placed = true;
    const owner = typeof identity.claims.sub === 'string' ? identity.claims.sub : null;
    const upsert = replace || req.headers['x-upsert'] === 'true';
    const row = await asCaller(request, identity, (tx) =>
      writeObjectRow(tx, { bucket, key, owner, version, upload, upsert, replace }),
    );
    if (row.previous) await deps.files.discard(row.previous);
    return sendJson(res, 200, { Id: row.id, Key: `${bucket}/${key}` });
  } catch (error) {
    await deps.files.discard(placed ? version : upload.staged.path);
    throw error;
  }
}
