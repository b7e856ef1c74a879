import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleBuckets } from './bucket-routes.ts';
import { decodePath } from './object-key.ts';
import { listObjects } from './object-list.ts';
import {
  downloadObject,
  downloadPublicObject,
  downloadSignedObject,
  moveOrCopy,
  objectInfo,
  removeObjects,
  removeOneObject,
  signUrls,
} from './object-routes.ts';
import { uploadObject } from './object-upload.ts';
import type { StorageDeps, StorageRequest } from './storage-context.ts';
import { sendStorageError, storageErrors } from './storage-error.ts';

/** `/storage/v1/*`: Storage's REST routes as storage-js calls them. Every failure leaves in Storage's error shape. */
export async function handleStorage(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  url: URL,
  deps: StorageDeps,
): Promise<void> {
  const request: StorageRequest = { req, res, url, deps };
  try {
    await route(request, req.method ?? 'GET', path);
  } catch (error) {
    req.resume();
    sendStorageError(res, error);
  }
}

async function route(request: StorageRequest, method: string, path: string): Promise<void> {
  if (path === '/bucket' || path.startsWith('/bucket/'))
    return handleBuckets(request, path.slice('/bucket'.length));
  if (path === '/upload/resumable' || path.startsWith('/upload/resumable/'))
    return request.deps.resumable.handle(request, path.slice('/upload/resumable'.length));
  if (!path.startsWith('/object/')) throw storageErrors.notFound(`${method}:${path}`);
  const rest = decodePath(path.slice('/object/'.length));
  const read = method === 'GET' || method === 'HEAD';
  const after = (prefix: string) => (rest.startsWith(prefix) ? rest.slice(prefix.length) : undefined);
  let tail: string | undefined;
  if (method === 'POST' && rest === 'move') return moveOrCopy(request, 'move');
  if (method === 'POST' && rest === 'copy') return moveOrCopy(request, 'copy');
  if (method === 'POST' && (tail = after('list/')) !== undefined) return listObjects(request, tail);
  if (method === 'POST' && (tail = after('sign/')) !== undefined) return signUrls(request, tail);
  if (read && (tail = after('sign/')) !== undefined) return downloadSignedObject(request, tail);
  if (read && (tail = after('public/')) !== undefined) return downloadPublicObject(request, tail);
  if (read && (tail = after('authenticated/')) !== undefined) return downloadObject(request, tail, false);
  if (read && (tail = after('info/')) !== undefined)
    return objectInfo(request, tail.replace(/^(authenticated|public)\//, ''));
  if (read) return downloadObject(request, rest, true);
  if (method === 'POST') return uploadObject(request, rest, false);
  if (method === 'PUT') return uploadObject(request, rest, true);
  if (method === 'DELETE')
    return rest.includes('/') ? removeOneObject(request, rest) : removeObjects(request, rest);
  throw storageErrors.notFound(`${method}:${path}`);
}
