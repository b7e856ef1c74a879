import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { startLocalServer, type LocalServer } from '../../../server/local-server.ts';
import {
  passThrough,
  startFaultProxy,
  type Fault,
  type FaultProxy,
  type ProxiedRequest,
} from '../../support/fault-proxy.ts';
import { signIn, syncUntilQuiet } from '../../support/sync-client.ts';
import { clinicFilesBucket } from '../../../src/core/files/object-path.ts';
import { openFileBlobDb } from '../../../src/engine/files/file-blob-store.ts';
import { resumableChunkBytes } from '../../../src/engine/files/file-storage-port.ts';
import { createSupabaseFileStorage } from '../../../src/engine/files/supabase-file-storage.ts';
import { createUploadQueue } from '../../../src/engine/files/upload-queue.ts';
import {
  objectCount,
  scanBytes,
  serviceClient,
  somePatientId,
  startFileDevice,
  uploadUntilQuiet,
  type FileDevice,
} from './support/file-device.ts';
import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';

/**
 * Files over one 6 MiB chunk go through Storage's resumable (TUS) endpoint: a cut, a reload or
 * a new uploader continues from the server's offset, never from byte 0 unless the server lost
 * the upload. Against the local server over real HTTP, behind the fault-injecting proxy, which
 * also counts what reaches the server.
 */
let server: LocalServer;
let proxy: FaultProxy;
let patientId: string;

const MiB = 1024 * 1024;
const SIZE = 15 * MiB;

beforeAll(async () => {
  server = await startLocalServer({});
  proxy = await startFaultProxy(server.url);
  patientId = await somePatientId(server);
});
afterAll(async () => {
  await proxy.close();
  await server.close();
});
beforeEach(() => proxy.setPolicy(passThrough));

const sha256 = (bytes: ArrayBuffer) => createHash('sha256').update(new Uint8Array(bytes)).digest('hex');
const isResumable = (request: ProxiedRequest) => request.path.startsWith('/storage/v1/upload/resumable');

/** What the resumable route saw: each creation, and each PATCH with its offset and the bytes that went through. */
interface Traffic {
  readonly creations: number;
  readonly patches: { readonly offset: number; readonly bytes: number }[];
}

/** Records the resumable traffic; `fault` picks what happens to the n-th PATCH (0-based). */
function watchResumable(fault: (patch: number, offset: number) => Fault = () => ({ kind: 'pass' })): Traffic {
  const traffic = { creations: 0, patches: [] as { offset: number; bytes: number }[] };
  proxy.setPolicy((request) => {
    if (!isResumable(request)) return { kind: 'pass' };
    if (request.method === 'POST') traffic.creations += 1;
    if (request.method !== 'PATCH') return { kind: 'pass' };
    const offset = Number(request.headers['upload-offset']);
    const length = Number(request.headers['content-length']);
    const chosen = fault(traffic.patches.length, offset);
    const through =
      chosen.kind === 'pass'
        ? length
        : chosen.kind === 'cut-request'
          ? Math.min(length, chosen.afterBytes)
          : 0;
    traffic.patches.push({ offset, bytes: through });
    return chosen;
  });
  return traffic;
}

async function captureLargeFile(device: FileDevice, name: string, seed: number, size = SIZE) {
  const bytes = scanBytes(size, seed);
  const captured = await device.capture({
    ownerTable: 'patients',
    ownerId: patientId,
    name,
    contentType: 'application/pdf',
    bytes,
    // A scanned document every role may attach (reception uploads some of these).
    category: 'administrative',
  });
  if (!captured.ok) throw new Error(JSON.stringify(captured.error));
  return { ...captured, bytes };
}

/**
 * The object is stored once, its row marked uploaded, and the device's upload finished. With
 * `mayHaveSkipped`, the device may instead never have started: it learned from the row (pulled
 * with `uploaded_at` set) that another device had stored the same bytes first.
 */
async function expectStoredAndMarked(
  device: FileDevice,
  fileId: string,
  path: string,
  bytes: ArrayBuffer,
  options: { mayHaveSkipped?: boolean } = {},
) {
  await syncUntilQuiet(device.sync);
  expect(await objectCount(server, path)).toBe(1);
  const stored = await serviceClient(server).storage.from(clinicFilesBucket).download(path);
  expect(sha256(await stored.data!.arrayBuffer())).toBe(sha256(bytes));
  const { rows } = await server.db.query<{ n: number; uploaded: number }>(
    'select count(*)::int as n, count(uploaded_at)::int as uploaded from files where path = $1',
    [path],
  );
  expect(rows[0]).toEqual({ n: 1, uploaded: 1 });
  const status = await device.blobs.uploads.get(fileId);
  if (status === undefined && options.mayHaveSkipped) {
    expect((await device.sync.db.rows('files').get(fileId))?.['uploaded_at']).toEqual(expect.any(String));
    return 'skipped';
  }
  expect(status).toMatchObject({
    phase: 'done',
    bytesDone: bytes.byteLength,
    uploadUrl: null,
  });
  return 'uploaded';
}

describe('resumable uploads', () => {
  it('resumes an upload cut in the middle of a chunk from the offset the server kept, never resending the first chunk', async () => {
    const device = await startFileDevice(server, { name: 'tus-cut', url: proxy.url });
    const file = await captureLargeFile(device, 'tomografia.pdf', 1);
    // The second chunk dies after 3 MiB reached the server.
    const traffic = watchResumable((patch) =>
      patch === 1 ? { kind: 'cut-request', afterBytes: 3 * MiB } : { kind: 'pass' },
    );

    expect(await device.queue.runOnce()).toEqual({ done: 0, waiting: 1, failed: 0 });
    const cut = await device.blobs.uploads.get(file.fileId);
    expect(cut).toMatchObject({ phase: 'waiting', attempts: 1, error: { code: 'offline' } });
    expect(cut?.uploadUrl).toMatch(new RegExp(`^${proxy.url}/storage/v1/upload/resumable/`));
    expect(cut?.bytesDone).toBeGreaterThanOrEqual(resumableChunkBytes);
    expect(await objectCount(server, file.path)).toBe(0);

    await uploadUntilQuiet(device);
    expect(traffic.creations).toBe(1);
    const [first, second, resumed, ...rest] = traffic.patches;
    expect(first).toEqual({ offset: 0, bytes: resumableChunkBytes });
    expect(second).toEqual({ offset: resumableChunkBytes, bytes: 3 * MiB });
    // The retry starts past the first chunk and within the bytes the cut chunk delivered.
    expect(resumed!.offset).toBeGreaterThan(resumableChunkBytes);
    expect(resumed!.offset).toBeLessThanOrEqual(resumableChunkBytes + 3 * MiB);
    expect(traffic.patches.filter((patch) => patch.offset < resumableChunkBytes)).toHaveLength(1);
    // What the server received in all: the file once, plus at most what the cut had in flight.
    const received = traffic.patches.reduce((sum, patch) => sum + patch.bytes, 0);
    expect(received).toBe(resumableChunkBytes + 3 * MiB + (SIZE - resumed!.offset));
    expect(rest.every((patch) => patch.offset >= resumed!.offset)).toBe(true);
    expect(await device.blobs.uploads.get(file.fileId)).toMatchObject({ attempts: 2 });
    await expectStoredAndMarked(device, file.fileId, file.path, file.bytes);
    await device.close();
  });

  it('resumes after a reload between chunks, from the upload URL kept in the bytes database', async () => {
    const device = await startFileDevice(server, { name: 'tus-reload', url: proxy.url });
    const file = await captureLargeFile(device, 'ressonancia.pdf', 2);
    const before = watchResumable((patch) => (patch === 1 ? { kind: 'drop-request' } : { kind: 'pass' }));
    expect(await device.queue.runOnce()).toEqual({ done: 0, waiting: 1, failed: 0 });
    expect(before.patches.map((patch) => patch.offset)).toEqual([0, resumableChunkBytes]);
    const uploadUrl = (await device.blobs.uploads.get(file.fileId))?.uploadUrl;
    expect(uploadUrl).toBeTruthy();
    await device.queue.stop();

    // A reload: a new handle on the same bytes database, a new Storage port and a new queue.
    const blobs = await openFileBlobDb(device.blobs.name);
    const token = await signIn(server);
    const client = createClient(proxy.url, server.anonKey, {
      accessToken: async () => token,
      realtime: { transport: WebSocket as never },
    });
    const storage = createSupabaseFileStorage(client, clinicFilesBucket, {
      url: proxy.url,
      apiKey: server.anonKey,
      accessToken: async () => token,
    });
    const queue = createUploadQueue({
      db: device.sync.db,
      blobs,
      storage,
      backoff: { baseMs: 10, maxMs: 50 },
    });
    const after = watchResumable();
    expect(await queue.linkBack()).toEqual({ done: 1, waiting: 0, failed: 0 });
    expect(after.creations).toBe(0);
    expect(after.patches.map((patch) => patch.offset)).toEqual([
      resumableChunkBytes,
      2 * resumableChunkBytes,
    ]);
    await queue.stop();
    blobs.close();
    await expectStoredAndMarked(device, file.fileId, file.path, file.bytes);
    await device.close();
  });

  it('stops at once when its context stops uploading, and the next uploader continues the same upload', async () => {
    const device = await startFileDevice(server, { name: 'tus-stop', url: proxy.url });
    const file = await captureLargeFile(device, 'angiografia.pdf', 3);
    let stopping: Promise<void> | undefined;
    const traffic = watchResumable((patch) => {
      // The leader resigns while its second chunk waits on the link.
      if (patch === 1) stopping = device.queue.stop();
      return patch === 1 ? { kind: 'delay', delayMs: 300 } : { kind: 'pass' };
    });
    const run = device.queue.runOnce();
    await expect.poll(() => stopping !== undefined, { timeout: 10_000 }).toBe(true);
    await stopping;
    await run;
    const stopped = await device.blobs.uploads.get(file.fileId);
    expect(stopped).toMatchObject({ phase: 'queued', attempts: 0, error: null });
    expect(stopped?.uploadUrl).toBeTruthy();

    await uploadUntilQuiet(device);
    expect(traffic.creations).toBe(1);
    expect(traffic.patches.filter((patch) => patch.offset === 0)).toHaveLength(1);
    await expectStoredAndMarked(device, file.fileId, file.path, file.bytes);
    await device.close();
  });

  it('starts a new upload only when the server lost the old one', async () => {
    const device = await startFileDevice(server, { name: 'tus-lost', url: proxy.url });
    const file = await captureLargeFile(device, 'cintilografia.pdf', 4);
    const traffic = watchResumable((patch) => (patch === 1 ? { kind: 'drop-request' } : { kind: 'pass' }));
    await device.queue.runOnce();
    const lost = (await device.blobs.uploads.get(file.fileId))!.uploadUrl!;
    // The server forgets the upload (as after its 24 hours): DELETE is TUS termination.
    const token = await signIn(server);
    const terminated = await fetch(lost.replace(proxy.url, server.url), {
      method: 'DELETE',
      headers: { 'tus-resumable': '1.0.0', authorization: `Bearer ${token}`, apikey: server.anonKey },
    });
    expect(terminated.status).toBe(204);

    await uploadUntilQuiet(device);
    expect(traffic.creations).toBe(2);
    expect(traffic.patches.filter((patch) => patch.offset === 0)).toHaveLength(2);
    expect((await device.blobs.uploads.get(file.fileId))?.attempts).toBe(2);
    await expectStoredAndMarked(device, file.fileId, file.path, file.bytes);
    await device.close();
  });

  it('stores one object and one row when two devices upload the same large file at once', async () => {
    const a = await startFileDevice(server, { name: 'tus-same-a', url: proxy.url });
    const b = await startFileDevice(server, {
      name: 'tus-same-b',
      url: proxy.url,
      email: 'recepcao@clinica.example',
    });
    const fromA = await captureLargeFile(a, 'mesmo-exame.pdf', 5, 8 * MiB);
    const fromB = await captureLargeFile(b, 'mesmo-exame.pdf', 5, 8 * MiB);
    expect(fromB.fileId).toBe(fromA.fileId);
    const traffic = watchResumable();
    await Promise.all([uploadUntilQuiet(a), uploadUntilQuiet(b)]);
    expect(traffic.creations).toBeGreaterThanOrEqual(1);
    await syncUntilQuiet(a.sync);
    await syncUntilQuiet(b.sync);
    const outcomes: string[] = [];
    for (const [device, file] of [
      [a, fromA],
      [b, fromB],
    ] as const) {
      outcomes.push(
        await expectStoredAndMarked(device, file.fileId, file.path, file.bytes, { mayHaveSkipped: true }),
      );
    }
    // At least one of them sent the bytes; the other sent them too or found them there.
    expect(outcomes).toContain('uploaded');
    await a.close();
    await b.close();
  });
});
