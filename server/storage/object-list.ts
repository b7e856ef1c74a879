import { sendJson } from '../http/send.ts';
import { validateBucketId } from './object-key.ts';
import { isoTime } from './iso-time.ts';
import { asCaller, readJsonObject, type StorageRequest } from './storage-context.ts';
import { storageErrors } from './storage-error.ts';
import { storageIdentity } from './storage-identity.ts';

const SORT_COLUMNS = new Set(['name', 'updated_at', 'created_at', 'last_accessed_at']);
const MAX_LIMIT = 1500;

/**
 * `POST /object/list/{bucket}`: the immediate children of `prefix` (a non-empty prefix gets a
 * trailing `/`), folders as all-null pseudo rows, names relative to the prefix, `search` a
 * case-insensitive prefix of the child name, ordered (`lower(name) collate "C"` for names) and
 * paged in SQL over only the rows RLS shows the caller.
 */
export async function listObjects(request: StorageRequest, bucketId: string): Promise<void> {
  const bucket = validateBucketId(bucketId);
  const identity = await storageIdentity(request.req, request.deps.auth, false);
  const body = await readJsonObject(request);
  const rawPrefix = body['prefix'] ?? '';
  if (typeof rawPrefix !== 'string') throw storageErrors.invalidRequest('body/prefix must be string');
  const prefix = rawPrefix === '' || rawPrefix.endsWith('/') ? rawPrefix : `${rawPrefix}/`;
  const limit = body['limit'] ?? 100;
  const offset = body['offset'] ?? 0;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0)
    throw storageErrors.invalidRequest('body/limit must be a non-negative integer');
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0)
    throw storageErrors.invalidRequest('body/offset must be a non-negative integer');
  const search = typeof body['search'] === 'string' ? body['search'] : '';
  const sortBy = (body['sortBy'] ?? {}) as { column?: unknown; order?: unknown };
  const column =
    typeof sortBy.column === 'string' && SORT_COLUMNS.has(sortBy.column) ? sortBy.column : 'name';
  const order = sortBy.order === 'desc' ? 'desc' : 'asc';
  const orderBy =
    column === 'name'
      ? `lower(name) collate "C" ${order}`
      : `${column} ${order} nulls first, lower(name) collate "C" asc`;
  const rows = await asCaller(request, identity, async (tx) => {
    const { rows } = await tx.query(
      `with children as (
         select split_part(substr(name, length($2) + 1), '/', 1) as child,
                strpos(substr(name, length($2) + 1), '/') > 0 as folder,
                id, updated_at, created_at, last_accessed_at, metadata
           from storage.objects
          where bucket_id = $1 and starts_with(name, $2)
       ), entries as (
         select distinct on (child, folder) child as name, folder,
                case when folder then null else id end as id,
                case when folder then null else updated_at end as updated_at,
                case when folder then null else created_at end as created_at,
                case when folder then null else last_accessed_at end as last_accessed_at,
                case when folder then null else metadata end as metadata
           from children
          where starts_with(lower(child), lower($3))
          order by child, folder
       )
       select name, id, ${isoTime('updated_at')}, ${isoTime('created_at')}, ${isoTime('last_accessed_at')}, metadata from entries
        order by ${orderBy} limit $4 offset $5`,
      [bucket, prefix, search, Math.min(limit, MAX_LIMIT), offset],
    );
    return rows;
  });
  return sendJson(request.res, 200, rows);
}
