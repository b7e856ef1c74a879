import { Upload, type DetailedError, type HttpRequest } from 'tus-js-client';
import {
  resumableChunkBytes,
  type ResumableUpload,
  type StorageFailure,
  type StorageResult,
} from './file-storage-port.ts';

/** What resumable uploads need to reach Storage as the user. */
export interface ResumableEndpoint {
  /** The project URL (`https://<ref>.supabase.co`, or the local server's). */
  readonly url: string;
  readonly apiKey: string;
  /** The user's JWT; null while there is none (uploads then wait, as when offline). */
  readonly accessToken: () => Promise<string | null>;
}

/** Whether the object is in the bucket now (asked when a chunk answers 409). */
export type ObjectExists = () => Promise<StorageResult<boolean>>;

/** How one tus-js-client run ended. `lost`: the server no longer knows the upload URL. */
type TusRun =
  | { readonly kind: 'done' }
  | { readonly kind: 'lost' }
  | { readonly kind: 'failed'; readonly failure: StorageFailure }
  | { readonly kind: 'conflict'; readonly message: string };

const stopped: TusRun = {
  kind: 'failed',
  failure: { kind: 'offline', message: 'stopped: this context no longer uploads' },
};

/**
 * One resumable upload through Storage's TUS endpoint with tus-js-client. The library resumes
 * from `upload.uploadUrl` (HEAD gives the server's offset) or creates a new upload, and sends
 * 6 MiB chunks; it never retries by itself (`retryDelays: null`): a failure comes back as a
 * value and the upload queue's backoff decides when to try again. Its own URL storage is off:
 * the URL lives in the file's upload status (`onUploadUrl`), which works in workers and Node.
 */
export async function uploadWithTus(
  endpoint: ResumableEndpoint,
  bucket: string,
  upload: ResumableUpload,
  objectExists: ObjectExists,
): Promise<StorageResult<'created' | 'exists'>> {
  let run = await runTus(endpoint, bucket, upload, upload.uploadUrl);
  // The server dropped the upload between two chunks (expired, or finished and refused): its
  // bytes are gone, so start again, once, from byte 0.
  if (run.kind === 'lost') run = await runTus(endpoint, bucket, upload, null);
  switch (run.kind) {
    case 'done':
      return { kind: 'ok', value: 'created' };
    case 'failed':
      return run.failure;
    case 'lost':
      return { kind: 'server_error', message: 'the server lost the upload twice in a row' };
    case 'conflict': {
      // A chunk's 409 is either "not at that offset" (the next attempt asks where) or "the
      // object exists" (another device stored it): only the bucket can tell.
      const exists = await objectExists();
      if (exists.kind !== 'ok') return exists;
      return exists.value
        ? { kind: 'ok', value: 'exists' }
        : {
            kind: 'server_error',
            message: `${run.message}; the next attempt resumes from the server's offset`,
          };
    }
  }
}

function runTus(
  endpoint: ResumableEndpoint,
  bucket: string,
  upload: ResumableUpload,
  uploadUrl: string | null,
): Promise<TusRun> {
  return new Promise((resolve) => {
    if (upload.signal?.aborted) return resolve(stopped);
    let storedUrl = uploadUrl;
    const tus = new Upload(
      // Our reader takes the bytes as they are (see `bytesReader`), in the browser and in Node.
      new Uint8Array(upload.bytes) as unknown as Blob,
      {
        endpoint: `${endpoint.url.replace(/\/+$/u, '')}/storage/v1/upload/resumable`,
        uploadUrl,
        chunkSize: resumableChunkBytes,
        retryDelays: null,
        storeFingerprintForResuming: false,
        removeFingerprintOnSuccess: false,
        fileReader: bytesReader,
        metadata: {
          bucketName: bucket,
          objectName: upload.path,
          contentType: upload.contentType,
          cacheControl: '31536000',
        },
        headers: { apikey: endpoint.apiKey, 'x-upsert': 'false' },
        async onBeforeRequest(req: HttpRequest) {
          // A fresh token for every request: a large upload can outlive an access token.
          const token = await endpoint.accessToken();
          if (token === null) throw new Error('no session: the upload waits for the next sign-in');
          req.setHeader('authorization', `Bearer ${token}`);
          const url = req.getURL();
          if (req.getMethod() === 'PATCH' && url !== storedUrl) {
            await upload.onUploadUrl(url);
            storedUrl = url;
          }
        },
        onProgress: (bytesSent) => upload.onProgress(bytesSent),
        onSuccess: () => finish({ kind: 'done' }),
        onError: (error) => finish(runOutcome(error)),
      },
    );
    const onAbort = (): void => {
      void tus.abort();
      finish(stopped);
    };
    function finish(run: TusRun): void {
      upload.signal?.removeEventListener('abort', onAbort);
      resolve(run);
    }
    upload.signal?.addEventListener('abort', onAbort, { once: true });
    tus.start();
  });
}

/**
 * A tus-js-client error as a value, by the HTTP status TUS gives meaning to. No answer at all
 * (the link, no session, a stop) is `offline`.
 */
function runOutcome(error: Error | DetailedError): TusRun {
  const detailed = error as Partial<DetailedError>;
  const response = detailed.originalResponse ?? null;
  const method = detailed.originalRequest?.getMethod() ?? '';
  const message = error.message;
  if (!response) return { kind: 'failed', failure: { kind: 'offline', message } };
  const status = response.getStatus();
  const body = response.getBody();
  const code = errorCodeOf(body);
  const failed = (failure: StorageFailure): TusRun => ({ kind: 'failed', failure });
  if (status === 409 && method === 'POST') return failed({ kind: 'refused', code: 'exists', message });
  if (status === 409) return { kind: 'conflict', message };
  if ((status === 404 || status === 410) && method === 'PATCH') return { kind: 'lost' };
  if (status === 401 || (status === 403 && /jwt|token|exp|authoriz/iu.test(body)))
    return failed({ kind: 'unauthorized', message });
  if (status === 423 || status >= 500) return failed({ kind: 'server_error', message });
  return failed({ kind: 'refused', code: code || String(status), message });
}

/** Storage's JSON error code, when the body is one (Supabase sends a bare message instead). */
function errorCodeOf(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    const code = (parsed as { code?: unknown } | null)?.code;
    return typeof code === 'string' ? code : '';
  } catch {
    return '';
  }
}

/**
 * tus-js-client's reader for the bytes themselves: slices are views with the `size` the library
 * reads, which both its browser (XMLHttpRequest) and its Node HTTP stack send as they are.
 */
const bytesReader = {
  async openFile(input: Uint8Array) {
    return {
      size: input.byteLength,
      async slice(start: number, end: number) {
        const value = input.subarray(start, end);
        return { value: Object.assign(value, { size: value.byteLength }), done: end >= input.byteLength };
      },
      close() {},
    };
  },
};
