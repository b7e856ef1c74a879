import type { RequestIdentity } from '../auth/request-auth.ts';
import { sendJson } from '../http/send.ts';
import { validateBucketId } from './object-key.ts';
import { isoTime } from './iso-time.ts';
import { asCaller, readJsonObject, type JsonObject, type StorageRequest } from './storage-context.ts';
import { storageErrors } from './storage-error.ts';
import { storageIdentity } from './storage-identity.ts';

const BUCKET_COLUMNS = `id, name, owner, public, type, file_size_limit, allowed_mime_types, ${isoTime('created_at')}, ${isoTime('updated_at')}`;

function bucketFields(body: JsonObject): {
  isPublic: boolean | null;
  sizeLimit: number | null;
  mimeTypes: string[] | null;
} {
  const limit = body['file_size_limit'];
  const mimes = body['allowed_mime_types'];
  if (limit !== undefined && limit !== null && (typeof limit !== 'number' || limit < 0))
    throw storageErrors.invalidRequest('file_size_limit must be a non-negative number');
  if (
    mimes !== undefined &&
    mimes !== null &&
    (!Array.isArray(mimes) || !mimes.every((m) => typeof m === 'string'))
  ) {
    throw storageErrors.invalidRequest('allowed_mime_types must be an array of strings');
  }
  return {
    isPublic: typeof body['public'] === 'boolean' ? body['public'] : null,
    sizeLimit: typeof limit === 'number' ? limit : null,
    mimeTypes: Array.isArray(mimes) ? (mimes as string[]) : null,
  };
}

type BucketHandler = (request: StorageRequest, identity: RequestIdentity, id: string) => Promise<void>;

/** `/bucket…`: list, get, create, update, empty, delete, all as the caller (RLS on storage.buckets). */
export async function handleBuckets(request: StorageRequest, rest: string): Promise<void> {
  const method = request.req.method ?? 'GET';
  const identity = await storageIdentity(request.req, request.deps.auth, false);
  if (rest === '' || rest === '/') {
    if (method === 'GET') return listBuckets(request, identity);
    if (method === 'POST') return createBucket(request, identity);
  } else {
    const match = /^\/([^/]+)(\/empty)?$/.exec(rest);
    const handlers: Record<string, BucketHandler | undefined> = match?.[2]
      ? { POST: emptyBucket }
      : { GET: getBucket, PUT: updateBucket, DELETE: deleteBucket };
    const handler = match ? handlers[method] : undefined;
    if (match && handler) return handler(request, identity, validateBucketId(decodeURIComponent(match[1]!)));
  }
  throw storageErrors.notFound(`${method}:/bucket${rest}`);
}

async function listBuckets(request: StorageRequest, identity: RequestIdentity): Promise<void> {
  const search = request.url.searchParams.get('search') ?? '';
  const rows = await asCaller(request, identity, (tx) =>
    tx.query(
      `select ${BUCKET_COLUMNS} from storage.buckets where name ilike '%' || $1 || '%' order by name`,
      [search],
    ),
  );
  sendJson(request.res, 200, rows.rows);
}

async function createBucket(request: StorageRequest, identity: RequestIdentity): Promise<void> {
  const body = await readJsonObject(request);
  const name = validateBucketId(
    typeof body['name'] === 'string' ? body['name'] : typeof body['id'] === 'string' ? body['id'] : '',
  );
  const id = typeof body['id'] === 'string' ? validateBucketId(body['id']) : name;
  const fields = bucketFields(body);
  await asCaller(request, identity, async (tx) => {
    const exists = await tx.query(`select 1 from storage.buckets where id = $1`, [id]);
    if (exists.rows.length > 0) throw storageErrors.duplicate('BucketAlreadyExists');
    await tx.query(
      `insert into storage.buckets (id, name, owner, public, file_size_limit, allowed_mime_types)
       values ($1, $2, $3, coalesce($4, false), $5, $6)`,
      [
        id,
        name,
        typeof identity.claims.sub === 'string' ? identity.claims.sub : null,
        fields.isPublic,
        fields.sizeLimit,
        fields.mimeTypes,
      ],
    );
  });
  sendJson(request.res, 200, { name });
}

async function getBucket(request: StorageRequest, identity: RequestIdentity, id: string): Promise<void> {
  const rows = await asCaller(request, identity, (tx) =>
    tx.query(`select ${BUCKET_COLUMNS} from storage.buckets where id = $1`, [id]),
  );
  if (!rows.rows[0]) throw storageErrors.noSuchBucket();
  sendJson(request.res, 200, rows.rows[0]);
}

async function updateBucket(request: StorageRequest, identity: RequestIdentity, id: string): Promise<void> {
  const fields = bucketFields(await readJsonObject(request));
  const updated = await asCaller(request, identity, (tx) =>
    tx.query(
      `update storage.buckets set public = coalesce($2, public), file_size_limit = coalesce($3, file_size_limit),
              allowed_mime_types = coalesce($4, allowed_mime_types), updated_at = now() where id = $1`,
      [id, fields.isPublic, fields.sizeLimit, fields.mimeTypes],
    ),
  );
  if (updated.rowCount === 0) throw storageErrors.noSuchBucket();
  sendJson(request.res, 200, { message: 'Successfully updated' });
}

async function emptyBucket(request: StorageRequest, identity: RequestIdentity, id: string): Promise<void> {
  const removed = await asCaller(request, identity, async (tx) => {
    if ((await tx.query(`select 1 from storage.buckets where id = $1`, [id])).rows.length === 0)
      throw storageErrors.noSuchBucket();
    return (
      await tx.query<{ version: string | null }>(
        `delete from storage.objects where bucket_id = $1 returning version`,
        [id],
      )
    ).rows;
  });
  // Bytes go only after the rows are gone for good.
  for (const row of removed) if (row.version) await request.deps.files.discard(row.version);
  sendJson(request.res, 200, { message: 'Successfully emptied' });
}

async function deleteBucket(request: StorageRequest, identity: RequestIdentity, id: string): Promise<void> {
  await asCaller(request, identity, async (tx) => {
    const objects = await tx.query(`select 1 from storage.objects where bucket_id = $1 limit 1`, [id]);
    if (objects.rows.length > 0) throw storageErrors.bucketNotEmpty();
    const deleted = await tx.query(`delete from storage.buckets where id = $1`, [id]);
    if (deleted.rowCount === 0) throw storageErrors.noSuchBucket();
  });
  sendJson(request.res, 200, { message: 'Successfully deleted' });
}
