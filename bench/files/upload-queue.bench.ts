/**
 * Upload queue throughput: 200 files of 1 MiB captured offline, then uploaded by the queue
 * (upload, download-and-hash verification, row marked through `mutate`), against the local
 * server in this process. Baseline measured in the same run: the same 200 uploads as bare
 * supabase-js calls, one after another, with no verification and no bookkeeping.
 */
// IndexedDB for Node before Dexie loads (Dexie captures the API when its module is evaluated).
import 'fake-indexeddb/auto';
import { startLocalServer } from '../../server/local-server.ts';
import { clinicFilesBucket, objectPathFor } from '../../src/core/files/object-path.ts';
import { captureFile } from '../../src/engine/files/capture-file.ts';
import { createSupabaseFileStorage } from '../../src/engine/files/supabase-file-storage.ts';
import { createUploadQueue } from '../../src/engine/files/upload-queue.ts';
import { sha256Hex } from '../../src/engine/files/sha256-hex.ts';
import { firstPatientId, mbPerSecond, openBenchDevice, randomBytes } from './bench-files-device.ts';

const FILES = Number(process.env['BENCH_FILES'] ?? 200);
const SIZE = 1024 * 1024;

const server = await startLocalServer({});
try {
  const patientId = await firstPatientId(server);
  const total = FILES * SIZE;

  const bare = await openBenchDevice(server, 'bare');
  const bareBytes = Array.from({ length: FILES }, () => randomBytes(SIZE));
  const bareStart = performance.now();
  for (const [i, bytes] of bareBytes.entries()) {
    const path = objectPathFor('patients', patientId, await sha256Hex(bytes), `bare-${i}.pdf`);
    const { error } = await bare.client.storage
      .from(clinicFilesBucket)
      .upload(path, bytes, { contentType: 'application/pdf' });
    if (error) throw error;
  }
  const bareMs = performance.now() - bareStart;
  await bare.close();
  console.log(
    `baseline: ${FILES} bare uploads of 1 MiB: ${bareMs.toFixed(0)} ms (${mbPerSecond(total, bareMs)} MiB/s)`,
  );

  for (const concurrency of [1, 3, 6]) {
    const device = await openBenchDevice(server, `queue-${concurrency}`);
    const captureStart = performance.now();
    for (let i = 0; i < FILES; i++) {
      const captured = await captureFile(
        { db: device.db, blobs: device.blobs },
        {
          ownerTable: 'patients',
          ownerId: patientId,
          name: `c${concurrency}-${i}.pdf`,
          contentType: 'application/pdf',
          bytes: randomBytes(SIZE),
        },
      );
      if (!captured.ok) throw new Error(captured.error.message);
    }
    const captureMs = performance.now() - captureStart;
    const queue = createUploadQueue({
      db: device.db,
      blobs: device.blobs,
      storage: createSupabaseFileStorage(device.client, clinicFilesBucket),
      concurrency,
    });
    const start = performance.now();
    const summary = await queue.runOnce();
    const ms = performance.now() - start;
    if (summary.done !== FILES)
      throw new Error(`only ${summary.done} of ${FILES} uploaded: ${JSON.stringify(summary)}`);
    console.log(
      `queue, concurrency ${concurrency}: capture ${captureMs.toFixed(0)} ms (${(captureMs / FILES).toFixed(1)} ms/file offline), ` +
        `upload+verify ${ms.toFixed(0)} ms (${mbPerSecond(total, ms)} MiB/s, ${(FILES / (ms / 1000)).toFixed(1)} files/s), ` +
        `${(ms / bareMs).toFixed(2)}x the bare uploads`,
    );
    await queue.stop();
    await device.close();
  }
} finally {
  await server.close();
}
