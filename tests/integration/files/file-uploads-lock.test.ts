import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createClient } from '@supabase/supabase-js';
import { startLocalServer, type LocalServer } from '../../../server/local-server.ts';
import { openClinicDb } from '../../../src/engine/local-db.ts';
import { createMemoryLocks } from '../../../src/engine/memory-locks.ts';
import { startFileUploads } from '../../../src/engine/files/file-uploads.ts';
import { captureFile } from '../../../src/engine/files/capture-file.ts';
import { signIn } from '../../support/sync-client.ts';
import { objectCount, scanBytes, somePatientId } from './support/file-device.ts';

let server: LocalServer;
let patientId: string;

beforeAll(async () => {
  server = await startLocalServer({});
  patientId = await somePatientId(server);
});
afterAll(() => server.close());

describe('one uploader per browser profile', () => {
  it('runs the queue in one context only; the next takes over when it stops', async () => {
    const token = await signIn(server);
    const client = createClient(server.url, server.anonKey, {
      accessToken: async () => token,
      realtime: { transport: WebSocket as never },
    });
    const locks = createMemoryLocks();
    const db = await openClinicDb(`uploader-${crypto.randomUUID()}`);
    const tab = await startFileUploads({ db, client, locks });
    const worker = await startFileUploads({ db, client, locks });
    await expect.poll(() => tab.isUploader()).toBe(true);
    expect(worker.isUploader()).toBe(false);

    const capture = (name: string, seed: number) =>
      captureFile(
        { db, blobs: worker.blobs },
        {
          ownerTable: 'patients',
          ownerId: patientId,
          name,
          contentType: 'application/pdf',
          bytes: scanBytes(3000, seed),
        },
      );
    const first = await capture('first.pdf', 1);
    if (!first.ok) throw new Error(JSON.stringify(first.error));
    await expect.poll(() => objectCount(server, first.path), { timeout: 10_000 }).toBe(1);
    await expect
      .poll(async () => (await tab.blobs.uploads.get(first.fileId))?.phase, { timeout: 10_000 })
      .toBe('done');

    await tab.stop();
    await expect.poll(() => worker.isUploader()).toBe(true);
    const second = await capture('second.pdf', 2);
    if (!second.ok) throw new Error(JSON.stringify(second.error));
    await expect.poll(() => objectCount(server, second.path), { timeout: 10_000 }).toBe(1);
    await expect
      .poll(async () => typeof (await db.rows('files').get(second.fileId))?.['uploaded_at'], {
        timeout: 10_000,
      })
      .toBe('string');

    await worker.stop();
    db.close();
    await db.delete();
  });

  it('shows a refused upload as failed, and a retry asked in another context runs in the uploader', async () => {
    const token = await signIn(server, 'recepcao@clinica.example');
    const client = createClient(server.url, server.anonKey, {
      accessToken: async () => token,
      realtime: { transport: WebSocket as never },
    });
    const locks = createMemoryLocks();
    const db = await openClinicDb(`refused-${crypto.randomUUID()}`);
    const uploader = await startFileUploads({ db, client, locks });
    const other = await startFileUploads({ db, client, locks });
    await expect.poll(() => uploader.isUploader()).toBe(true);
    // Reception may not store files of clinical records: Storage's RLS refuses the object.
    const encounterId = '0b7c2c1e-3f4a-4d5b-8c6d-7e8f9a0b1c2d';
    const captured = await captureFile(
      { db, blobs: other.blobs },
      {
        ownerTable: 'encounters',
        ownerId: encounterId,
        name: 'laudo.pdf',
        contentType: 'application/pdf',
        bytes: scanBytes(900, 3),
      },
    );
    if (!captured.ok) throw new Error(JSON.stringify(captured.error));
    await expect
      .poll(async () => (await other.blobs.uploads.get(captured.fileId))?.phase, { timeout: 10_000 })
      .toBe('failed');
    expect((await other.blobs.uploads.get(captured.fileId))?.error?.code).toBe('refused');

    expect(await other.queue.retry(captured.fileId)).toBe(true);
    await expect
      .poll(async () => (await other.blobs.uploads.get(captured.fileId))?.attempts, { timeout: 10_000 })
      .toBe(2);
    expect((await other.blobs.uploads.get(captured.fileId))?.phase).toBe('failed');
    expect(await objectCount(server, captured.path)).toBe(0);

    await other.stop();
    await uploader.stop();
    db.close();
    await db.delete();
  });
});
