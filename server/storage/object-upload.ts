import { randomUUID } from 'node:crypto';
import { sendJson } from '../http/send.ts';
import { splitBucketAndKey } from './object-key.ts';
import { acceptedMediaType, bucketSettings, sizeLimitOf, writeObjectRow } from './object-write.ts';
import { asCaller, type StorageRequest } from './storage-context.ts';
import { storageIdentity } from './storage-identity.ts';
import { receiveUpload } from './upload-body.ts';

/**
 * POST (create; `x-upsert: true` replaces) and PUT (replace) of `/object/{bucket}/{key}`.
 * The row is written as the caller, so RLS insert/update policies decide; bytes are staged
 * first and placed under a fresh version before the row commits (see ObjectFiles), and the
 * replaced version's bytes go only after the commit.
 */
export async function uploadObject(request: StorageRequest, rest: string, replace: boolean): Promise<void> {
  const { req, res, deps } = request;
  const { bucket, key } = splitBucketAndKey(rest);
  const identity = await storageIdentity(req, deps.auth, false);
  const settings = await bucketSettings(deps.db, bucket);
  const received = await receiveUpload(req, deps.files, sizeLimitOf(settings, deps.uploadLimit));
  const version = randomUUID();
  let placed = false;
  try {
    const upload = {
      ...received,
      mimetype: acceptedMediaType(settings.allowed_mime_types, received.mimetype),
    };
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
    await deps.files.discard(placed ? version : received.staged.path);
    throw error;
  }
}
