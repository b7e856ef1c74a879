import type { SupabaseClient } from '@supabase/supabase-js';
import type { FileStorage, ListedObject, StorageFailure, StorageResult } from './file-storage-port.ts';
import { uploadWithTus, type ResumableEndpoint } from './tus-upload.ts';

const LIST_PAGE = 1000;

/**
 * `FileStorage` over supabase-js Storage, as the signed-in user (the worker's client) or with the
 * service role (the reconcile command). Works unchanged against Supabase and the local server.
 * `upload` is a single request (`upsert: false`); `uploadResumable` goes through Storage's TUS
 * endpoint with tus-js-client when `resumable` says how to reach it as the user (supabase-js
 * keeps its token to itself), and falls back to a single request without it.
 */
export function createSupabaseFileStorage(
  client: SupabaseClient,
  bucket: string,
  resumable?: ResumableEndpoint,
): FileStorage {
  const api = () => client.storage.from(bucket);
  async function upload(
    path: string,
    bytes: ArrayBuffer,
    contentType: string,
  ): Promise<StorageResult<'created' | 'exists'>> {
    const answer = await settle(() =>
      api().upload(path, bytes, { contentType, upsert: false, cacheControl: '31536000' }),
    );
    if (answer.kind === 'ok') return { kind: 'ok', value: 'created' };
    if (answer.kind === 'refused' && answer.code === 'exists') return { kind: 'ok', value: 'exists' };
    return answer;
  }
  /** `exists()` answers "no" as an error (NoSuchKey) with `data: false`. */
  async function objectExists(path: string): Promise<StorageResult<boolean>> {
    const answer = await settle(() => api().exists(path));
    return answer.kind === 'not_found' ? { kind: 'ok', value: false } : answer;
  }
  return {
    bucket,
    upload,
    async uploadResumable(request) {
      if (!resumable) {
        const answer = await upload(request.path, request.bytes, request.contentType);
        if (answer.kind === 'ok') request.onProgress(request.bytes.byteLength);
        return answer;
      }
      const answer = await uploadWithTus(resumable, bucket, request, () => objectExists(request.path));
      if (answer.kind === 'refused' && answer.code === 'exists') return { kind: 'ok', value: 'exists' };
      return answer;
    },
    async download(path) {
      const answer = await settle(() => api().download(path));
      if (answer.kind !== 'ok') return answer;
      try {
        return { kind: 'ok', value: await answer.value.arrayBuffer() };
      } catch (error) {
        return { kind: 'offline', message: messageOf(error) };
      }
    },
    list: (prefix = '') => walk(api, prefix),
  };
}

type StorageFrom = ReturnType<SupabaseClient['storage']['from']>;

/** Storage lists one folder level at a time (folders come back with a null id): walk them all. */
async function walk(api: () => StorageFrom, root: string): Promise<StorageResult<readonly ListedObject[]>> {
  const found: ListedObject[] = [];
  const folders = [root.replace(/\/+$/u, '')];
  while (folders.length > 0) {
    const folder = folders.pop() ?? '';
    for (let offset = 0; ; offset += LIST_PAGE) {
      const page = await settle(() =>
        api().list(folder, { limit: LIST_PAGE, offset, sortBy: { column: 'name', order: 'asc' } }),
      );
      if (page.kind !== 'ok') return page;
      for (const entry of page.value) {
        const path = folder === '' ? entry.name : `${folder}/${entry.name}`;
        if (entry.id === null) folders.push(path);
        else
          found.push({
            path,
            size: numberOr(entry.metadata?.['size']),
            contentType: stringOr(entry.metadata?.['mimetype']),
          });
      }
      if (page.value.length < LIST_PAGE) break;
    }
  }
  return { kind: 'ok', value: found };
}

interface StorageAnswer<T> {
  data: T | null;
  error: unknown;
}

/** supabase-js answers `{ data, error }` and may also throw (network): both become values. */
async function settle<T>(call: () => Promise<StorageAnswer<T>>): Promise<StorageResult<T>> {
  let answer: StorageAnswer<T>;
  try {
    answer = await call();
  } catch (error) {
    return { kind: 'offline', message: messageOf(error) };
  }
  if (answer.error) return classify(answer.error);
  if (answer.data === null) return { kind: 'server_error', message: 'empty answer' };
  return { kind: 'ok', value: answer.data };
}

/** Storage errors are recognised by their fields (`statusCode` as a string, `code`), never by class. */
function classify(error: unknown): StorageFailure {
  const fields = (error ?? {}) as { status?: unknown; statusCode?: unknown; code?: unknown; name?: unknown };
  const message = messageOf(error);
  const statusCode = String(fields.statusCode ?? fields.status ?? '');
  const code = typeof fields.code === 'string' ? fields.code : '';
  if (fields.name === 'StorageUnknownError' || fields.status === undefined)
    return { kind: 'offline', message };
  if (
    statusCode === '409' ||
    code === 'KeyAlreadyExists' ||
    code === 'ResourceAlreadyExists' ||
    code === 'Duplicate'
  ) {
    return { kind: 'refused', code: 'exists', message };
  }
  if (statusCode === '404' || code === 'NoSuchKey') return { kind: 'not_found', message };
  if (code === 'InvalidJWT' || code === 'ExpiredToken' || statusCode === '401')
    return { kind: 'unauthorized', message };
  if (statusCode.startsWith('5') || Number(fields.status) >= 500) return { kind: 'server_error', message };
  return { kind: 'refused', code: code || statusCode, message };
}

function messageOf(error: unknown): string {
  return error instanceof Error
    ? error.message
    : typeof error === 'object' && error !== null && 'message' in error
      ? String(error.message)
      : String(error);
}

function numberOr(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}

function stringOr(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
