import 'fake-indexeddb/auto';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@supabase/supabase-js';
import { startLocalServer, type LocalServer } from '../../../server/local-server.ts';
import { createWorkerHost, type SyncWorkerApi } from '../../../src/engine/worker-host.ts';
import { createMemoryLocks } from '../../../src/engine/memory-locks.ts';
import { createSupabaseRemote } from '../../../src/engine/supabase-remote.ts';
import { openClinicDb } from '../../../src/engine/local-db.ts';
import {
  createTokenStorageClient,
  startFileUploads,
  type FileUploads,
} from '../../../src/engine/files/file-uploads.ts';
import { captureFile } from '../../../src/engine/files/capture-file.ts';
import { signIn } from '../../support/sync-client.ts';
import { objectCount, scanBytes, somePatientId } from './support/file-device.ts';

/**
 * The upload queue in the sync worker: the leading host uploads (with the access token the tab
 * gave it), a tab that only opened the file services never does, a tab uploading as a fallback
 * waits for the same lock, and the next leader takes over.
 */
let server: LocalServer;
let patientId: string;

beforeAll(async () => {
  server = await startLocalServer({});
  patientId = await somePatientId(server);
});
afterAll(() => server.close());

describe('uploads in the sync worker', () => {
  it('the leader uploads under the upload lock; without a token it waits; the next leader takes over', async () => {
    const locks = createMemoryLocks();
    const databaseName = `worker-uploads-${crypto.randomUUID()}`;
    const token = await signIn(server);
    const started: FileUploads[] = [];
    const host = (): SyncWorkerApi =>
      createWorkerHost({
        locks,
        createRemote: (config, accessToken) =>
          createSupabaseRemote({
            url: config.supabaseUrl,
            anonKey: config.anonKey,
            accessToken,
            transport: WebSocket,
          }),
        startFileUploads: async (db, config, accessToken) => {
          const uploads = await startFileUploads({
            db,
            client: createTokenStorageClient(config.supabaseUrl, config.anonKey, accessToken, WebSocket),
            locks,
          });
          started.push(uploads);
          return uploads;
        },
      });
    const config = { supabaseUrl: server.url, anonKey: server.anonKey, databaseName, accessToken: null };
    const first = host();
    await first.configure(config);
    await expect.poll(async () => (await first.getStatus()).leader).toBe(true);
    await expect.poll(() => started[0]?.isUploader(), { timeout: 5_000 }).toBe(true);

    // The tab: file services without uploading, and a fallback uploader that must wait.
    const db = await openClinicDb(databaseName);
    const tabClient = createClient(server.url, server.anonKey, {
      accessToken: async () => token,
      realtime: { transport: WebSocket as never },
    });
    const tab = await startFileUploads({ db, client: tabClient, locks, upload: false });
    const fallback = await startFileUploads({ db, client: tabClient, locks });

    const capture = async (name: string, seed: number) => {
      const result = await captureFile(
        { db, blobs: tab.blobs },
        {
          ownerTable: 'patients',
          ownerId: patientId,
          name,
          contentType: 'application/pdf',
          bytes: scanBytes(2000, seed),
        },
      );
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      return result;
    };
    const phaseOf = async (fileId: string) => (await tab.blobs.uploads.get(fileId))?.phase;

    // No session handed over yet: the upload waits (as offline), it is not refused.
    const waiting = await capture('sem-token.pdf', 1);
    await expect.poll(() => phaseOf(waiting.fileId), { timeout: 10_000 }).toBe('waiting');
    expect(await objectCount(server, waiting.path)).toBe(0);
    await first.setAccessToken(token);
    expect(await tab.queue.retry(waiting.fileId)).toBe(true);
    await expect.poll(() => phaseOf(waiting.fileId), { timeout: 10_000 }).toBe('done');
    expect(await objectCount(server, waiting.path)).toBe(1);
    expect(tab.isUploader()).toBe(false);
    expect(fallback.isUploader()).toBe(false);

    // The leader goes; the next worker to lead uploads (the fallback tab still waits behind it).
    const second = host();
    await second.configure({ ...config, accessToken: token });
    await first.close();
    await expect.poll(async () => (await second.getStatus()).leader).toBe(true);
    await expect.poll(() => started[1]?.isUploader() === true || fallback.isUploader()).toBe(true);
    const next = await capture('depois.pdf', 2);
    await expect.poll(() => objectCount(server, next.path), { timeout: 10_000 }).toBe(1);
    await expect
      .poll(async () => typeof (await db.rows('files').get(next.fileId))?.['uploaded_at'], {
        timeout: 10_000,
      })
      .toBe('string');

    // With no worker left, the fallback tab is the uploader.
    await second.close();
    await expect.poll(() => fallback.isUploader()).toBe(true);
    const last = await capture('sem-worker.pdf', 3);
    await expect.poll(() => objectCount(server, last.path), { timeout: 10_000 }).toBe(1);

    await fallback.stop();
    await tab.stop();
    db.close();
  }, 60_000);
});
