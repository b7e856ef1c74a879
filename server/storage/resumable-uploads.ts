import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { FileStore } from '@tus/file-store';
import { Server, type Upload } from '@tus/server';
import { NodeRequest, sendNodeResponse } from 'srvx/node';
import type { RequestIdentity } from '../auth/request-auth.ts';
import { validateBucketId, validateObjectKey } from './object-key.ts';
import {
  acceptedMediaType,
  bucketSettings,
  probeObjectWrite,
  sizeLimitOf,
  writeObjectRow,
  type BucketSettings,
} from './object-write.ts';
import { resumableErrorResponse, resumableErrors, sendResumableError } from './resumable-errors.ts';
import { checkResumableHeaders, targetOf } from './resumable-request.ts';
import { asCaller, type StorageRequest } from './storage-context.ts';
import { storageErrors } from './storage-error.ts';
import { storageIdentity } from './storage-identity.ts';
import { cacheControlOf, metadataOf, type ReceivedUpload } from './upload-body.ts';

/** Where Supabase mounts TUS; the upload URLs are `<this>/<upload id>`. */
export const resumablePath = '/storage/v1/upload/resumable';

/** As on Supabase: an upload URL lives 24 hours; unfinished uploads are removed after that. */
export const resumableExpiryMs = 24 * 60 * 60 * 1000;

const uploadIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface ResumableUploads {
  /** `rest`: the path after `/upload/resumable` (`''` to create, `/<id>` for an upload). */
  handle(request: StorageRequest, rest: string): Promise<void>;
  /** Removes unfinished uploads older than 24 hours (also runs hourly by itself). */
  removeExpired(): Promise<number>;
  close(): void;
}

/** What one request brings to the TUS library's hooks (they only see a web Request). */
interface ResumableCall {
  readonly request: StorageRequest;
  readonly identity: RequestIdentity;
  readonly uploadId: string | undefined;
  target?: {
    readonly bucket: string;
    readonly key: string;
    readonly mimetype: string;
    readonly settings: BucketSettings;
  };
}

/**
 * Storage's resumable uploads (TUS 1.0.0 with creation, creation-with-upload, termination and
 * expiration), on `@tus/server` with `@tus/file-store` as Supabase's own Storage builds them.
 * The library speaks the protocol (offsets, locks, the bytes of each PATCH appended to a file
 * under `directory`); the hooks below enforce what the single-request upload enforces:
 *
 * - the caller's JWT on every request but OPTIONS, and only its creator may touch an upload;
 * - the bucket's size limit (at creation, from Upload-Length) and allowed types;
 * - `storage.objects` RLS and "no overwrite without x-upsert", asked before bytes are taken
 *   (creation, every PATCH) and decided by the real write when the last byte arrives;
 * - the object exists only once complete: its bytes move to a new object version and its row
 *   is written as the caller, in that order, and the upload is gone whatever the outcome.
 */
export async function createResumableUploads(options: {
  readonly directory: string;
  readonly uploadLimit: number;
}): Promise<ResumableUploads> {
  await mkdir(options.directory, { recursive: true });
  const store = new FileStore({
    directory: options.directory,
    expirationPeriodInMilliseconds: resumableExpiryMs,
  });
  const calls = new WeakMap<IncomingMessage, ResumableCall>();
  const finishing = new Set<string>();

  const callOf = (req: { runtime?: { node?: { req: unknown } } }): ResumableCall => {
    const call = calls.get(req.runtime?.node?.req as IncomingMessage);
    if (!call) throw new Error('a resumable upload request reached the TUS library without its call');
    return call;
  };

  async function finish(call: ResumableCall, upload: Upload): Promise<void> {
    const target = call.target;
    if (!target) throw new Error('finishing an upload whose target was never resolved');
    if (finishing.has(upload.id)) throw resumableErrors.locked();
    finishing.add(upload.id);
    const { deps, req } = call.request;
    const path = upload.storage?.path ?? join(options.directory, upload.id);
    const version = randomUUID();
    let placed = false;
    try {
      const metadata = upload.metadata ?? {};
      const received: ReceivedUpload = {
        staged: { path, size: upload.offset, md5: await md5Of(path) },
        mimetype: target.mimetype,
        cacheControl: metadata['cacheControl'] ?? 'no-cache',
        userMetadata: metadataOf(metadata['metadata'] ?? undefined),
      };
      await deps.files.place(received.staged, version);
      placed = true;
      const row = await asCaller(call.request, call.identity, (tx) =>
        writeObjectRow(tx, {
          bucket: target.bucket,
          key: target.key,
          owner: ownerOf(call.identity),
          version,
          upload: received,
          upsert: req.headers['x-upsert'] === 'true',
          replace: false,
        }),
      );
      if (row.previous) await deps.files.discard(row.previous);
    } catch (error) {
      await deps.files.discard(placed ? version : path);
      throw error;
    } finally {
      // Done or refused, the upload is over: a client asking again starts a new one (404). It
      // no longer expires either (the creation handler would otherwise look it up for its
      // Upload-Expires header, and find it gone).
      upload.creation_date = undefined;
      await store.configstore.delete(upload.id);
      finishing.delete(upload.id);
    }
  }

  /** The object an upload becomes, from its metadata (as sent at creation, or as stored). */
  async function resolveTarget(
    call: ResumableCall,
    metadata: Record<string, string | null> | undefined,
  ): Promise<NonNullable<ResumableCall['target']>> {
    const { bucketName, objectName } = targetOf(metadata);
    const bucket = validateBucketId(bucketName);
    const key = validateObjectKey(objectName);
    metadataOf(metadata?.['metadata'] ?? undefined);
    const settings = await bucketSettings(call.request.deps.db, bucket);
    const mimetype = acceptedMediaType(
      settings.allowed_mime_types,
      metadata?.['contentType'] || 'application/octet-stream',
    );
    call.target = { bucket, key, mimetype, settings };
    return call.target;
  }

  /** The type, RLS and an existing key, as the real write will judge them. */
  async function probe(call: ResumableCall): Promise<void> {
    const target = call.target!;
    await probeObjectWrite(call.request, call.identity, {
      bucket: target.bucket,
      key: target.key,
      owner: ownerOf(call.identity),
      upsert: call.request.req.headers['x-upsert'] === 'true',
      mimetype: target.mimetype,
    });
  }

  const tus = new Server({
    path: resumablePath,
    datastore: store,
    // Relative: behind a proxy the server cannot know the address the client used.
    relativeLocation: true,
    allowedHeaders: ['apikey', 'x-upsert', 'x-client-info'],
    getFileIdFromRequest: (req) => callOf(req).uploadId,
    async namingFunction(req, metadata) {
      await resolveTarget(callOf(req), metadata);
      return randomUUID();
    },
    maxSize(req, id) {
      if (id === null) return options.uploadLimit;
      const target = callOf(req).target;
      return target ? sizeLimitOf(target.settings, options.uploadLimit) : options.uploadLimit;
    },
    async onIncomingRequest(req, id) {
      const call = callOf(req);
      // Creation: the target was resolved by the naming function, before the size check.
      if (req.method === 'POST') return probe(call);
      const upload = await store.getUpload(id);
      if (!mayTouch(upload.metadata?.['ownerId'] ?? '', call.identity)) throw resumableErrors.notOwner();
      if (req.method !== 'PATCH') return;
      // Every chunk: the caller may have lost the right, or another device stored the object.
      await resolveTarget(call, upload.metadata);
      await probe(call);
    },
    async onUploadCreate(req, upload) {
      const call = callOf(req);
      const metadata = {
        ...upload.metadata,
        cacheControl: cacheControlOf(upload.metadata?.['cacheControl'] ?? undefined),
        // Who may continue, look at or end this upload: its creator only.
        ownerId: ownerOf(call.identity) ?? '',
      };
      return { metadata };
    },
    async onUploadFinish(req, upload) {
      await finish(callOf(req), upload);
      return {};
    },
    onResponseError: (_req, error) => resumableErrorResponse(error),
  });

  const cleanup = setInterval(() => void tus.cleanUpExpiredUploads().catch(() => 0), 60 * 60 * 1000);
  cleanup.unref();
  await tus.cleanUpExpiredUploads().catch(() => 0);

  return {
    async handle(request, rest) {
      const { req, res } = request;
      const method = req.method ?? 'GET';
      const uploadId = rest === '' || rest === '/' ? undefined : rest.slice(1);
      try {
        if (method !== 'OPTIONS') {
          if (!['POST', 'HEAD', 'PATCH', 'DELETE'].includes(method))
            throw storageErrors.notFound(`${method}:${resumablePath}${rest}`);
          if (method === 'POST' && uploadId !== undefined)
            throw storageErrors.notFound(`${method}:${resumablePath}${rest} (signed resumable uploads)`);
          if (method !== 'POST' && !uploadIdPattern.test(uploadId ?? ''))
            throw resumableErrors.noSuchUpload();
          checkResumableHeaders(req, method);
          calls.set(req, {
            request,
            identity: await storageIdentity(req, request.deps.auth, false),
            uploadId,
          });
        }
      } catch (error) {
        req.resume();
        return sendResumableError(res, error);
      }
      // The library's web handler, sent here rather than by its `handle`: its bodies are text,
      // and error bodies here are Storage's JSON.
      const response = await tus.handleWeb(new NodeRequest({ req, res }));
      if (response.status >= 400) response.headers.set('Content-Type', 'application/json; charset=utf-8');
      await sendNodeResponse(res, response);
    },
    removeExpired: () => tus.cleanUpExpiredUploads(),
    close: () => clearInterval(cleanup),
  };
}

/**
 * Only an upload's creator continues, inspects or ends it. An upload without an owner was started
 * by a caller without a user (the service role): only the service role touches it, never a key
 * that merely lacks a user too, such as the anon key.
 */
function mayTouch(ownerId: string, identity: RequestIdentity): boolean {
  if (ownerId === '') return identity.role === 'service_role';
  return ownerId === ownerOf(identity);
}

function ownerOf(identity: RequestIdentity): string | null {
  return typeof identity.claims.sub === 'string' ? identity.claims.sub : null;
}

async function md5Of(path: string): Promise<string> {
  const hash = createHash('md5');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
