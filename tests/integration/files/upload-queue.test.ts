import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { startLocalServer, type LocalServer } from '../../../server/local-server.ts';
import { passThrough, startFaultProxy, type FaultProxy } from '../../support/fault-proxy.ts';
import { syncUntilQuiet } from '../../support/sync-client.ts';
import { createUploadQueue } from '../../../src/engine/files/upload-queue.ts';
import {
  objectCount,
  scanBytes,
  serviceClient,
  somePatientId,
  startFileDevice,
  uploadUntilQuiet,
} from './support/file-device.ts';

let server: LocalServer;
let proxy: FaultProxy;
let patientId: string;

beforeAll(async () => {
  server = await startLocalServer({});
  proxy = await startFaultProxy(server.url);
  patientId = await somePatientId(server);
});
afterAll(async () => {
  await proxy.close();
  await server.close();
});
beforeEach(() => {
  proxy.setOffline(false);
  proxy.setPolicy(passThrough);
});

const sha256 = (bytes: ArrayBuffer) => createHash('sha256').update(new Uint8Array(bytes)).digest('hex');

async function serverRow(id: string) {
  const { rows } = await server.db.query<{
    id: string;
    path: string;
    sha256: string;
    size: number;
    uploaded_at: string | null;
  }>('select id, path, sha256, size, uploaded_at from files where id = $1', [id]);
  return rows[0];
}

describe('upload queue', () => {
  it('uploads a file captured offline once the link is back: object stored, bytes and hash match, row marked uploaded', async () => {
    const device = await startFileDevice(server, { name: 'offline-capture', url: proxy.url });
    await syncUntilQuiet(device.sync);
    proxy.setOffline(true);
    const bytes = scanBytes(300_000, 1);
    const captured = await device.capture({
      ownerTable: 'patients',
      ownerId: patientId,
      name: 'RG frente.jpg',
      contentType: 'image/jpeg',
      bytes,
    });
    if (!captured.ok) throw new Error(JSON.stringify(captured.error));
    expect(captured.outcome).toBe('created');
    const offline = await device.queue.runOnce();
    expect(offline).toEqual({ done: 0, waiting: 1, failed: 0 });
    expect(await device.blobs.uploads.get(captured.fileId)).toMatchObject({
      phase: 'waiting',
      attempts: 1,
      error: { code: 'offline' },
    });
    expect(await objectCount(server, captured.path)).toBe(0);

    proxy.setOffline(false);
    await uploadUntilQuiet(device);
    await syncUntilQuiet(device.sync);
    expect(await device.blobs.uploads.get(captured.fileId)).toMatchObject({
      phase: 'done',
      bytesDone: 300_000,
      error: null,
    });
    expect(await objectCount(server, captured.path)).toBe(1);
    const stored = await serviceClient(server).storage.from('clinic-files').download(captured.path);
    const storedBytes = await stored.data!.arrayBuffer();
    expect(sha256(storedBytes)).toBe(sha256(bytes));
    const row = await serverRow(captured.fileId);
    expect(row).toMatchObject({ path: captured.path, sha256: sha256(bytes), size: 300_000 });
    expect(row?.uploaded_at).not.toBeNull();
    // The bytes stay on this device, now as evictable cache.
    expect(await device.blobs.blob_info.get(captured.sha256)).toMatchObject({ pinned: false });
    await device.close();
  });

  it.each(['drop-request', 'drop-response', 'error-500-after-commit'] as const)(
    'retries an upload cut by %s and ends with one object and one row',
    async (fault) => {
      const device = await startFileDevice(server, { name: `cut-${fault}`, url: proxy.url });
      const bytes = scanBytes(200_000, fault.length);
      const captured = await device.capture({
        ownerTable: 'patients',
        ownerId: patientId,
        name: `laudo-${fault}.pdf`,
        contentType: 'application/pdf',
        bytes,
      });
      if (!captured.ok) throw new Error(JSON.stringify(captured.error));
      let cut = 0;
      proxy.setPolicy((request) => {
        if (
          request.method === 'POST' &&
          request.path.startsWith('/storage/v1/object/clinic-files/') &&
          cut === 0
        ) {
          cut += 1;
          return { kind: fault };
        }
        return { kind: 'pass' };
      });
      expect(await device.queue.runOnce()).toEqual({ done: 0, waiting: 1, failed: 0 });
      await uploadUntilQuiet(device);
      await syncUntilQuiet(device.sync);
      expect(cut).toBe(1);
      expect(await objectCount(server, captured.path)).toBe(1);
      const { rows } = await server.db.query<{ n: number }>(
        'select count(*)::int as n from files where path = $1',
        [captured.path],
      );
      expect(rows[0]?.n).toBe(1);
      expect((await serverRow(captured.fileId))?.uploaded_at).not.toBeNull();
      expect(await device.blobs.uploads.get(captured.fileId)).toMatchObject({ phase: 'done', attempts: 2 });
      await device.close();
    },
  );

  it('stores one object and one row when two devices attach the same file offline', async () => {
    const a = await startFileDevice(server, { name: 'device-a', url: proxy.url });
    const b = await startFileDevice(server, {
      name: 'device-b',
      url: proxy.url,
      email: 'recepcao@clinica.example',
    });
    await Promise.all([syncUntilQuiet(a.sync), syncUntilQuiet(b.sync)]);
    proxy.setOffline(true);
    const bytes = scanBytes(150_000, 42);
    const request = {
      ownerTable: 'patients',
      ownerId: patientId,
      name: 'carteirinha.png',
      contentType: 'image/png',
      bytes,
      // An insurance card: administrative, so reception (device b) may attach it too.
      category: 'administrative',
    };
    const [fromA, fromB] = [await a.capture(request), await b.capture({ ...request, bytes: bytes.slice(0) })];
    if (!fromA.ok || !fromB.ok) throw new Error('capture refused');
    expect(fromB.fileId).toBe(fromA.fileId);
    expect(fromB.path).toBe(fromA.path);
    proxy.setOffline(false);
    await Promise.all([uploadUntilQuiet(a), uploadUntilQuiet(b)]);
    await syncUntilQuiet(a.sync);
    await syncUntilQuiet(b.sync);
    await syncUntilQuiet(a.sync);
    expect(await objectCount(server, fromA.path)).toBe(1);
    const { rows } = await server.db.query<{ n: number }>(
      'select count(*)::int as n from files where path = $1',
      [fromA.path],
    );
    expect(rows[0]?.n).toBe(1);
    expect((await serverRow(fromA.fileId))?.uploaded_at).not.toBeNull();
    for (const device of [a, b]) {
      expect((await device.sync.db.rows('files').get(fromA.fileId))?.['uploaded_at']).not.toBeNull();
      expect(await device.sync.api.getStatus()).toMatchObject({ pending: 0, failed: 0, conflicts: 0 });
    }
    await a.close();
    await b.close();
  });

  it('waits out its backoff while the link is down, and retries at once when the link comes back', async () => {
    const device = await startFileDevice(server, { name: 'link-back', url: proxy.url, start: false });
    const queue = createUploadQueue({
      db: device.sync.db,
      blobs: device.blobs,
      storage: device.storage,
      backoff: { baseMs: 60_000, maxMs: 60_000 },
      random: () => 0.99,
    });
    const captured = await device.capture({
      ownerTable: 'patients',
      ownerId: patientId,
      name: 'link-back.pdf',
      contentType: 'application/pdf',
      bytes: scanBytes(4000, 9),
    });
    if (!captured.ok) throw new Error(JSON.stringify(captured.error));
    proxy.setOffline(true);
    expect(await queue.runOnce()).toEqual({ done: 0, waiting: 1, failed: 0 });
    proxy.setOffline(false);
    // Not due yet: a plain run leaves it waiting its minute.
    expect(await queue.runOnce()).toEqual({ done: 0, waiting: 0, failed: 0 });
    expect(await queue.linkBack()).toEqual({ done: 1, waiting: 0, failed: 0 });
    expect(await objectCount(server, captured.path)).toBe(1);
    await queue.stop();
    await device.close();
  });

  it('restores a deleted file when the same file is attached again, instead of adding a row', async () => {
    const device = await startFileDevice(server, { name: 'restore' });
    const request = {
      ownerTable: 'patients',
      ownerId: patientId,
      name: 'exame-antigo.pdf',
      contentType: 'application/pdf',
      bytes: scanBytes(2500, 77),
    };
    const first = await device.capture(request);
    if (!first.ok) throw new Error(JSON.stringify(first.error));
    await uploadUntilQuiet(device);
    await syncUntilQuiet(device.sync);
    expect((await device.sync.write('files', 'delete', first.fileId)).ok).toBe(true);
    await syncUntilQuiet(device.sync);
    expect((await serverRow(first.fileId))?.uploaded_at).not.toBeNull();
    const again = await device.capture(request);
    expect(again).toMatchObject({ ok: true, outcome: 'restored', fileId: first.fileId });
    await syncUntilQuiet(device.sync);
    const { rows } = await server.db.query<{ n: number; live: number }>(
      'select count(*)::int as n, count(*) filter (where deleted_at is null)::int as live from files where path = $1',
      [first.path],
    );
    expect(rows[0]).toEqual({ n: 1, live: 1 });
    await device.close();
  });

  it('uploads a file at the size limit (50 MiB on a study) and refuses one byte more before storing anything', async () => {
    const device = await startFileDevice(server, { name: 'at-limit' });
    const studyId = crypto.randomUUID();
    const limit = 50 * 1024 * 1024;
    const over = await device.capture({
      ownerTable: 'studies',
      ownerId: studyId,
      name: 'big.mp4',
      contentType: 'video/mp4',
      bytes: new ArrayBuffer(limit + 1),
    });
    expect(over).toMatchObject({ ok: false, error: { code: 'file_too_large' } });
    expect(await device.blobs.blob_info.count()).toBe(0);
    const bytes = scanBytes(limit, 50);
    const captured = await device.capture({
      ownerTable: 'studies',
      ownerId: studyId,
      name: 'ultrassom.mp4',
      contentType: 'video/mp4',
      bytes,
    });
    if (!captured.ok) throw new Error(JSON.stringify(captured.error));
    await uploadUntilQuiet(device, 120_000);
    await syncUntilQuiet(device.sync);
    expect(await device.blobs.uploads.get(captured.fileId)).toMatchObject({
      phase: 'done',
      bytesDone: limit,
    });
    expect((await serverRow(captured.fileId))?.size).toBe(limit);
    expect((await serverRow(captured.fileId))?.uploaded_at).not.toBeNull();
    await device.close();
  });

  it('does not add a second row when the same file is attached twice on one device', async () => {
    // Not syncing: a push could empty the outbox before it is counted.
    const device = await startFileDevice(server, { name: 'twice', start: false });
    const bytes = scanBytes(1000, 7);
    const request = {
      ownerTable: 'patients',
      ownerId: patientId,
      name: 'receita.pdf',
      contentType: 'application/pdf',
      bytes,
    };
    const first = await device.capture(request);
    const second = await device.capture(request);
    expect(first).toMatchObject({ ok: true, outcome: 'created' });
    expect(second).toMatchObject({ ok: true, outcome: 'existing' });
    expect(await device.sync.db.outbox.count()).toBe(1);
    await device.close();
  });

  it('says `existing` when the row appears while the bytes are being stored, instead of failing', async () => {
    // Both captures look before either writes its row (storing bytes takes a while): the second
    // finds the row at write time, as it would a row a pull brought from another device.
    const device = await startFileDevice(server, { name: 'race', start: false });
    const request = {
      ownerTable: 'patients',
      ownerId: patientId,
      name: 'laudo.pdf',
      contentType: 'application/pdf',
      bytes: scanBytes(2 * 1024 * 1024, 8),
    };
    const outcomes = await Promise.all([device.capture(request), device.capture(request)]);
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect(outcomes.map((outcome) => (outcome.ok ? outcome.outcome : null)).sort()).toEqual([
      'created',
      'existing',
    ]);
    expect(await device.sync.db.rows('files').count()).toBe(1);
    expect(await device.sync.db.outbox.count()).toBe(1);
    await device.close();
  });
});
