/**
 * Opening a 1 MiB file: from the downloads cache (IndexedDB; fake-indexeddb in Node, so the figure
 * is the engine's own cost, not a browser's disk) against the baseline of a cache miss in the same
 * run (download from the local server + SHA-256 check + store).
 */
// IndexedDB for Node before Dexie loads (Dexie captures the API when its module is evaluated).
import 'fake-indexeddb/auto';
import { startLocalServer } from '../../server/local-server.ts';
import { clinicFilesBucket } from '../../src/core/files/object-path.ts';
import { captureFile } from '../../src/engine/files/capture-file.ts';
import { createSupabaseFileStorage } from '../../src/engine/files/supabase-file-storage.ts';
import { createUploadQueue } from '../../src/engine/files/upload-queue.ts';
import { deleteBlobs } from '../../src/engine/files/file-blob-store.ts';
import { openFileBytes } from '../../src/engine/files/download-cache.ts';
import { firstPatientId, openBenchDevice, randomBytes } from './bench-files-device.ts';

const RUNS = 30;
const server = await startLocalServer({});
try {
  const device = await openBenchDevice(server, 'cache');
  const storage = createSupabaseFileStorage(device.client, clinicFilesBucket);
  const captured = await captureFile(
    { db: device.db, blobs: device.blobs },
    {
      ownerTable: 'patients',
      ownerId: await firstPatientId(server),
      name: 'exame.pdf',
      contentType: 'application/pdf',
      bytes: randomBytes(1024 * 1024),
    },
  );
  if (!captured.ok) throw new Error(captured.error.message);
  await createUploadQueue({ db: device.db, blobs: device.blobs, storage }).runOnce();
  const row = await device.db.rows('files').get(captured.fileId);
  if (!row) throw new Error('row missing');

  const misses: number[] = [];
  const hits: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await deleteBlobs(device.blobs, [captured.sha256]);
    let start = performance.now();
    const miss = await openFileBytes({ blobs: device.blobs, storage }, row);
    misses.push(performance.now() - start);
    start = performance.now();
    const hit = await openFileBytes({ blobs: device.blobs, storage }, row);
    hits.push(performance.now() - start);
    if (miss.kind !== 'ok' || miss.source !== 'download' || hit.kind !== 'ok' || hit.source !== 'device')
      throw new Error('unexpected source');
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  console.log(
    `baseline: cache miss (download + hash + store), median of ${RUNS}: ${median(misses).toFixed(2)} ms`,
  );
  console.log(
    `cache hit open, median of ${RUNS}: ${median(hits).toFixed(2)} ms (${(median(misses) / median(hits)).toFixed(1)}x faster than a miss)`,
  );
  await device.close();
} finally {
  await server.close();
}
