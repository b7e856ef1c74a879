import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Queryable } from '../db/database.ts';
import type { RequestIdentity } from '../auth/request-auth.ts';
import { sendEmpty, sendJson } from '../http/send.ts';
import { isoTime } from './iso-time.ts';
import { objectHeaders } from './object-headers.ts';
import { splitBucketAndKey, validateBucketId, validateObjectKey } from './object-key.ts';
import { signObjectUrl, validExpiry, verifySignedUrl } from './signed-url.ts';
import { asCaller, readJsonObject, requiredString, type StorageRequest } from './storage-context.ts';
import { storageErrors } from './storage-error.ts';
import { storageIdentity } from './storage-identity.ts';

export interface ObjectRow {
  readonly id: string;
  readonly bucket_id: string;
  readonly name: string;
  readonly owner: string | null;
  readonly version: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly last_accessed_at: string;
  readonly metadata: {
    size: number;
    mimetype: string;
    cacheControl: string;
    eTag: string;
    lastModified: string;
  } & Record<string, unknown>;
  readonly user_metadata: Record<string, unknown> | null;
}

const OBJECT_COLUMNS = `id, bucket_id, name, owner, owner_id, version, ${isoTime('created_at')}, ${isoTime('updated_at')}, ${isoTime('last_accessed_at')}, metadata, user_metadata`;

export async function findObject(tx: Queryable, bucket: string, key: string): Promise<ObjectRow | undefined> {
  const { rows } = await tx.query<ObjectRow>(
    `select ${OBJECT_COLUMNS} from storage.objects where bucket_id = $1 and name = $2`,
    [bucket, key],
  );
  return rows[0];
}

async function findBucket(tx: Queryable, bucket: string) {
  const { rows } = await tx.query<{
    id: string;
    public: boolean;
    file_size_limit: number | null;
    allowed_mime_types: string[] | null;
  }>(`select id, public, file_size_limit, allowed_mime_types from storage.buckets where id = $1`, [bucket]);
  return rows[0];
}

/** Streams an object's bytes with Storage's headers; a single `Range: bytes=a-b` gets 206. */
export async function sendObject(request: StorageRequest, row: ObjectRow): Promise<void> {
  const { req, res, deps } = request;
  const path = deps.files.pathOf(row.version);
  const info = await stat(path).catch(() => undefined);
  if (!info) throw storageErrors.noSuchKey();
  const headers: Record<string, string> = {
    ...objectHeaders(
      { name: row.name, mimetype: row.metadata.mimetype, cacheControl: row.metadata.cacheControl },
      request.url.searchParams.get('download'),
    ),
    ETag: row.metadata.eTag,
    'Last-Modified': new Date(row.updated_at).toUTCString(),
    'Accept-Ranges': 'bytes',
  };
  if (req.headers['if-none-match'] === row.metadata.eTag) return sendEmpty(res, 304, headers);
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  let start = 0;
  let end = info.size - 1;
  let status = 200;
  if (range && (range[1] !== '' || range[2] !== '')) {
    start = range[1] === '' ? Math.max(0, info.size - Number(range[2])) : Number(range[1]);
    end = range[1] !== '' && range[2] !== '' ? Math.min(Number(range[2]), info.size - 1) : info.size - 1;
    if (start > end || start >= info.size) {
      return sendJson(
        res,
        416,
        {
          statusCode: '416',
          code: 'InvalidRange',
          error: 'invalid_range',
          message: 'The requested range is not satisfiable',
        },
        { 'Content-Range': `bytes */${info.size}` },
      );
    }
    status = 206;
    headers['Content-Range'] = `bytes ${start}-${end}/${info.size}`;
  }
  headers['Content-Length'] = String(info.size === 0 ? 0 : end - start + 1);
  res.writeHead(status, headers);
  if (req.method === 'HEAD' || info.size === 0) return void res.end();
  createReadStream(path, { start, end }).pipe(res);
}

/** GET/HEAD `/object/{bucket}/{key}` (anon allowed) and `/object/authenticated/…`: visible through RLS. */
export async function downloadObject(
  request: StorageRequest,
  rest: string,
  allowInvalidJwt: boolean,
): Promise<void> {
  const { bucket, key } = splitBucketAndKey(rest);
  const identity = await storageIdentity(request.req, request.deps.auth, allowInvalidJwt);
  const row = await asCaller(request, identity, (tx) => findObject(tx, bucket, key));
  if (!row) throw storageErrors.noSuchKey();
  return sendObject(request, row);
}

/** `/object/public/{bucket}/{key}`: no token, only from public buckets. */
export async function downloadPublicObject(request: StorageRequest, rest: string): Promise<void> {
  const { bucket, key } = splitBucketAndKey(rest);
  const found = await request.deps.db.query<{ public: boolean }>(
    `select public from storage.buckets where id = $1`,
    [bucket],
  );
  if (!found.rows[0]?.public) throw storageErrors.noSuchBucket();
  const row = await findObject(request.deps.db, bucket, key);
  if (!row) throw storageErrors.noSuchKey();
  return sendObject(request, row);
}

/** `GET /object/sign/{bucket}/{key}?token=…`: the token alone authorises. */
export async function downloadSignedObject(request: StorageRequest, rest: string): Promise<void> {
  const { bucket, key } = splitBucketAndKey(rest);
  await verifySignedUrl(request.deps.keys, request.url.searchParams.get('token'), bucket, key);
  const row = await findObject(request.deps.db, bucket, key);
  if (!row) throw storageErrors.noSuchKey();
  return sendObject(request, row);
}

export async function objectInfo(request: StorageRequest, rest: string): Promise<void> {
  const { bucket, key } = splitBucketAndKey(rest);
  const identity = await storageIdentity(request.req, request.deps.auth, true);
  const row = await asCaller(request, identity, (tx) => findObject(tx, bucket, key));
  if (!row) throw storageErrors.noSuchKey();
  return sendJson(request.res, 200, {
    id: row.id,
    name: row.name,
    version: row.version,
    bucket_id: row.bucket_id,
    size: row.metadata.size,
    content_type: row.metadata.mimetype,
    cache_control: row.metadata.cacheControl,
    etag: row.metadata.eTag,
    metadata: row.user_metadata ?? {},
    last_modified: row.updated_at,
    created_at: row.created_at,
  });
}

/** `POST /object/sign/{bucket}/{key}` and `POST /object/sign/{bucket}` with `paths`. */
export async function signUrls(request: StorageRequest, rest: string): Promise<void> {
  const { deps, res } = request;
  const identity = await storageIdentity(request.req, deps.auth, false);
  const body = await readJsonObject(request);
  const expiresIn = validExpiry(body['expiresIn']);
  if (!rest.includes('/')) {
    const bucket = validateBucketId(rest);
    const paths = body['paths'];
    if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string'))
      throw storageErrors.invalidRequest("body must have required property 'paths'");
    const visible = await asCaller(request, identity, async (tx) => {
      const { rows } = await tx.query<{ name: string }>(
        `select name from storage.objects where bucket_id = $1 and name = any ($2)`,
        [bucket, paths],
      );
      return new Set(rows.map((row) => row.name));
    });
    const results = [];
    for (const path of paths as string[]) {
      results.push(
        visible.has(path)
          ? { error: null, path, signedURL: await signObjectUrl(deps.keys, bucket, path, expiresIn) }
          : {
              error: 'Either the object does not exist or you do not have access to it',
              path,
              signedURL: null,
            },
      );
    }
    return sendJson(res, 200, results);
  }
  const { bucket, key } = splitBucketAndKey(rest);
  const row = await asCaller(request, identity, (tx) => findObject(tx, bucket, key));
  if (!row) throw storageErrors.noSuchKey();
  return sendJson(res, 200, { signedURL: await signObjectUrl(deps.keys, bucket, key, expiresIn) });
}

/** `DELETE /object/{bucket}` with `prefixes` (exact names): deletes what RLS lets the caller delete. */
export async function removeObjects(
  request: StorageRequest,
  bucketId: string,
  identity?: RequestIdentity,
): Promise<void> {
  const bucket = validateBucketId(bucketId);
  const caller = identity ?? (await storageIdentity(request.req, request.deps.auth, false));
  const body = await readJsonObject(request);
  const prefixes = body['prefixes'];
  if (!Array.isArray(prefixes) || prefixes.length === 0 || !prefixes.every((p) => typeof p === 'string')) {
    throw storageErrors.invalidRequest("body must have required property 'prefixes'");
  }
  const deleted = await asCaller(request, caller, async (tx) => {
    const { rows } = await tx.query<ObjectRow>(
      `delete from storage.objects where bucket_id = $1 and name = any ($2) returning ${OBJECT_COLUMNS}`,
      [bucket, prefixes],
    );
    return rows;
  });
  for (const row of deleted) if (row.version) await request.deps.files.discard(row.version);
  return sendJson(request.res, 200, deleted);
}

export async function removeOneObject(request: StorageRequest, rest: string): Promise<void> {
  const { bucket, key } = splitBucketAndKey(rest);
  const identity = await storageIdentity(request.req, request.deps.auth, false);
  const deleted = await asCaller(request, identity, async (tx) => {
    const { rows } = await tx.query<{ version: string }>(
      `delete from storage.objects where bucket_id = $1 and name = $2 returning version`,
      [bucket, key],
    );
    return rows[0];
  });
  if (!deleted) throw storageErrors.noSuchKey();
  await request.deps.files.discard(deleted.version);
  return sendJson(request.res, 200, { message: 'Successfully deleted' });
}

/** `POST /object/move` and `/object/copy`: source and destination both pass through RLS. */
export async function moveOrCopy(request: StorageRequest, mode: 'move' | 'copy'): Promise<void> {
  const { deps } = request;
  const identity = await storageIdentity(request.req, deps.auth, false);
  const body = await readJsonObject(request);
  const bucket = validateBucketId(requiredString(body, 'bucketId'));
  const sourceKey = validateObjectKey(requiredString(body, 'sourceKey'));
  const destinationKey = validateObjectKey(requiredString(body, 'destinationKey'));
  const destinationBucket =
    typeof body['destinationBucket'] === 'string' ? validateBucketId(body['destinationBucket']) : bucket;
  // Checked outside the caller's transaction: on PGlite a query beside an open transaction would
  // wait for it forever. Bucket rows are read as the server, as Storage does.
  if (!(await findBucket(deps.db, destinationBucket))) throw storageErrors.noSuchBucket();
  const version = randomUUID();
  let copied = false;
  try {
    const result = await asCaller(request, identity, async (tx) => {
      const source = await findObject(tx, bucket, sourceKey);
      if (!source) throw storageErrors.noSuchKey();
      if (await findObject(tx, destinationBucket, destinationKey))
        throw storageErrors.duplicate('KeyAlreadyExists');
      if (mode === 'move') {
        const { rows } = await tx.query<{ id: string }>(
          `update storage.objects set bucket_id = $3, name = $4, updated_at = now() where bucket_id = $1 and name = $2 returning id`,
          [bucket, sourceKey, destinationBucket, destinationKey],
        );
        if (!rows[0]) throw storageErrors.accessDenied();
        return { id: rows[0].id };
      }
      await deps.files.copy(source.version, version);
      copied = true;
      const userMetadata = body['copyMetadata'] === false ? (body['metadata'] ?? null) : source.user_metadata;
      const { rows } = await tx.query<ObjectRow>(
        `insert into storage.objects (bucket_id, name, owner, owner_id, version, metadata, user_metadata)
         values ($1, $2, $3::uuid, $3::text, $4, $5::jsonb, $6::jsonb) returning ${OBJECT_COLUMNS}`,
        [
          destinationBucket,
          destinationKey,
          typeof identity.claims.sub === 'string' ? identity.claims.sub : null,
          version,
          JSON.stringify(source.metadata),
          userMetadata === null ? null : JSON.stringify(userMetadata),
        ],
      );
      return rows[0]!;
    });
    if (mode === 'move')
      return sendJson(request.res, 200, {
        message: 'Successfully moved',
        Id: result.id,
        Key: `${destinationBucket}/${destinationKey}`,
      });
    return sendJson(request.res, 200, {
      ...result,
      Id: result.id,
      Key: `${destinationBucket}/${destinationKey}`,
    });
  } catch (error) {
    if (copied) await deps.files.discard(version);
    throw error;
  }
}
