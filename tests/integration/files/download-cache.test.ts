import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../../server/local-server.ts';
import { startFaultProxy, type FaultProxy } from '../../support/fault-proxy.ts';
import { syncUntilQuiet } from '../../support/sync-client.ts';
import { cacheUsage, openFileBytes, setCacheQuota } from '../../../src/engine/files/download-cache.ts';
import {
  scanBytes,
  somePatientId,
  startFileDevice,
  uploadUntilQuiet,
  type FileDevice,
} from './support/file-device.ts';

let server: LocalServer;
let proxy: FaultProxy;
let patientId: string;
let capturer: FileDevice;
let reader: FileDevice;
const MiB = 1024 * 1024;

beforeAll(async () => {
  server = await startLocalServer({});
  proxy = await startFaultProxy(server.url);
  patientId = await somePatientId(server);
  capturer = await startFileDevice(server, { name: 'capturer', url: proxy.url });
  reader = await startFileDevice(server, { name: 'reader', url: proxy.url, email: 'medica@clinica.example' });
});
afterAll(async () => {
  await capturer.close();
  await reader.close();
  await proxy.close();
  await server.close();
});

async function attach(name: string, size: number, seed: number, replaces?: string) {
  const captured = await capturer.capture({
    ownerTable: 'patients',
    ownerId: patientId,
    name,
    contentType: 'application/pdf',
    bytes: scanBytes(size, seed),
    ...(replaces === undefined ? {} : { replaces }),
  });
  if (!captured.ok) throw new Error(JSON.stringify(captured.error));
  return captured;
}

describe('downloads cache', () => {
  it('opens a file captured on this device while offline', async () => {
    proxy.setOffline(true);
    const captured = await attach('offline.pdf', 2000, 1);
    const row = await capturer.sync.db.rows('files').get(captured.fileId);
    const opened = await openFileBytes({ blobs: capturer.blobs, storage: capturer.storage }, row!);
    expect(opened).toMatchObject({ kind: 'ok', source: 'device', contentType: 'application/pdf' });
    proxy.setOffline(false);
  });

  it('downloads on another device, checks the hash, then opens from the cache even offline', async () => {
    const captured = await attach('exame.pdf', 3 * MiB, 2);
    await uploadUntilQuiet(capturer);
    await syncUntilQuiet(capturer.sync);
    await syncUntilQuiet(reader.sync);
    const row = (await reader.sync.db.rows('files').get(captured.fileId))!;
    const first = await openFileBytes({ blobs: reader.blobs, storage: reader.storage }, row);
    expect(first).toMatchObject({ kind: 'ok', source: 'download' });
    proxy.setOffline(true);
    const again = await openFileBytes({ blobs: reader.blobs, storage: reader.storage }, row);
    expect(again).toMatchObject({ kind: 'ok', source: 'device' });
    if (again.kind === 'ok') expect(again.bytes.byteLength).toBe(3 * MiB);
    proxy.setOffline(false);
  });

  it('refuses bytes whose hash is not the row’s, and caches nothing', async () => {
    const captured = await attach('tampered.pdf', 1000, 3);
    await uploadUntilQuiet(capturer);
    await syncUntilQuiet(capturer.sync);
    await syncUntilQuiet(reader.sync);
    const row = (await reader.sync.db.rows('files').get(captured.fileId))!;
    const lying = { ...row, sha256: 'f'.repeat(64) };
    const before = await cacheUsage(reader.blobs);
    expect(await openFileBytes({ blobs: reader.blobs, storage: reader.storage }, lying)).toMatchObject({
      kind: 'hash_mismatch',
    });
    expect(await cacheUsage(reader.blobs)).toEqual(before);
  });

  it('evicts the least recently used files to stay under a quota the user sets, and refuses a bad quota', async () => {
    expect(await setCacheQuota(reader.blobs, 5)).toMatchObject({ ok: false, code: 'invalid_quota' });
    expect(await setCacheQuota(reader.blobs, 10 * MiB)).toEqual({ ok: true, evicted: 0 });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await attach(`big-${i}.pdf`, 4 * MiB, 10 + i)).fileId);
    await uploadUntilQuiet(capturer);
    await syncUntilQuiet(capturer.sync);
    await syncUntilQuiet(reader.sync);
    let clock = Date.now();
    for (const id of ids) {
      const row = (await reader.sync.db.rows('files').get(id))!;
      expect(
        await openFileBytes(
          { blobs: reader.blobs, storage: reader.storage, now: () => (clock += 1000) },
          row,
        ),
      ).toMatchObject({ kind: 'ok' });
    }
    const usage = await cacheUsage(reader.blobs);
    expect(usage.usedBytes).toBeLessThanOrEqual(10 * MiB);
    const kept = new Set((await reader.blobs.blob_info.toArray()).map((info) => info.sha256));
    const hashes = await Promise.all(
      ids.map(async (id) => String((await reader.sync.db.rows('files').get(id))?.['sha256'])),
    );
    expect(kept.has(hashes[3]!)).toBe(true);
    expect(kept.has(hashes[2]!)).toBe(true);
    expect(kept.has(hashes[0]!)).toBe(false);
  });

  it('keeps the old version when a file is replaced, linked by replaces', async () => {
    const first = await attach('laudo.pdf', 1500, 20);
    const second = await attach('laudo.pdf', 1600, 21, first.fileId);
    await uploadUntilQuiet(capturer);
    await syncUntilQuiet(capturer.sync);
    const { rows } = await server.db.query<{
      id: string;
      replaces: string | null;
      deleted_at: string | null;
    }>(
      'select id, replaces, deleted_at from files where id = any($1::uuid[]) order by replaces nulls first',
      [[first.fileId, second.fileId]],
    );
    expect(rows).toEqual([
      { id: first.fileId, replaces: null, deleted_at: null },
      { id: second.fileId, replaces: first.fileId, deleted_at: null },
    ]);
  });
});
