/**
 * Upload queue throughput: 200 files of 1 MiB captured offline, then uploaded by the queue
 * (upload, download-and-hash verification, row marked through `mutate`), against the local
 * server in this process. Baseline measured in the same run: the same 200 uploads as bare
 * supabase-js calls, one after another, with no verification and no bookkeeping.
 *
 * Then one large file (40 MiB): resumably, in 6 MiB TUS chunks with tus-js-client, against the
 * single request the queue used before, first through the Storage port alone, then through the
 * whole queue; a fresh file each time, the two ways alternating, medians of the repeats.
 */
// IndexedDB for Node before Dexie loads (Dexie captures the API when its module is evaluated).
import 'fake-indexeddb/auto';
import { startLocalServer } from '../../server/local-server.ts';
import { clinicFilesBucket, objectPathFor } from '../../src/core/files/object-path.ts';
import { captureFile } from '../../src/engine/files/capture-file.ts';
import type { FileStorage } from '../../src/engine/files/file-storage-port.ts';
import { createSupabaseFileStorage } from '../../src/engine/files/supabase-file-storage.ts';
import { createUploadQueue } from '../../src/engine/files/upload-queue.ts';
import { sha256Hex } from '../../src/engine/files/sha256-hex.ts';
import {
  firstPatientId,
  mbPerSecond,
  openBenchDevice,
  randomBytes,
  type BenchDevice,
} from './bench-files-device.ts';
import type { LocalServer } from '../../server/local-server.ts';

const FILES = Number(process.env['BENCH_FILES'] ?? 200);
const SIZE = 1024 * 1024;
const LARGE = Number(process.env['BENCH_LARGE_MIB'] ?? 40) * 1024 * 1024;
const REPEATS = Number(process.env['BENCH_LARGE_REPEATS'] ?? 5);

type Way = 'resumable' | 'single request';

/** The device's Storage port: with the TUS endpoint, or without it (every upload one request). */
function storageFor(server: LocalServer, device: BenchDevice, way: Way): FileStorage {
  if (way === 'single request') return createSupabaseFileStorage(device.client, clinicFilesBucket);
  return createSupabaseFileStorage(device.client, clinicFilesBucket, {
    url: server.url,
    apiKey: server.anonKey,
    accessToken: async () => (await device.client.auth.getSession()).data.session?.access_token ?? null,
  });
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** One large file through the port alone (upload only) and through the queue (upload, verify, mark). */
async function largeFile(server: LocalServer, way: Way, run: number) {
  const device = await openBenchDevice(server, `large-${run}`);
  // A study: exams up to the bucket's 50 MiB are accepted there.
  const studyId = crypto.randomUUID();
  try {
    const storage = storageFor(server, device, way);
    const bytes = randomBytes(LARGE);
    const path = objectPathFor('studies', studyId, await sha256Hex(bytes), `direct-${run}.pdf`);
    const portStart = performance.now();
    const sent = await storage.uploadResumable({
      path,
      bytes,
      contentType: 'application/pdf',
      uploadUrl: null,
      onUploadUrl: async () => {},
      onProgress: () => {},
    });
    const portMs = performance.now() - portStart;
    if (sent.kind !== 'ok' || sent.value !== 'created') throw new Error(`${way}: ${JSON.stringify(sent)}`);
    const captured = await captureFile(
      { db: device.db, blobs: device.blobs },
      {
        ownerTable: 'studies',
        ownerId: studyId,
        name: `queued-${run}.pdf`,
        contentType: 'application/pdf',
        bytes: randomBytes(LARGE),
      },
    );
    if (!captured.ok) throw new Error(captured.error.message);
    const queue = createUploadQueue({ db: device.db, blobs: device.blobs, storage });
    const queueStart = performance.now();
    const summary = await queue.runOnce();
    const queueMs = performance.now() - queueStart;
    await queue.stop();
    if (summary.done !== 1) throw new Error(`${way}: ${JSON.stringify(summary)}`);
    return { portMs, queueMs };
  } finally {
    await device.close();
  }
}

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

  const times: Record<Way, { portMs: number[]; queueMs: number[] }> = {
    resumable: { portMs: [], queueMs: [] },
    'single request': { portMs: [], queueMs: [] },
  };
  for (let run = 0; run < REPEATS; run++) {
    const order: Way[] = run % 2 ? ['single request', 'resumable'] : ['resumable', 'single request'];
    for (const way of order) {
      const measured = await largeFile(server, way, run);
      times[way].portMs.push(measured.portMs);
      times[way].queueMs.push(measured.queueMs);
    }
  }
  const mib = LARGE / 1024 / 1024;
  for (const stage of ['portMs', 'queueMs'] as const) {
    const resumable = median(times.resumable[stage]);
    const single = median(times['single request'][stage]);
    const what = stage === 'portMs' ? 'upload only (Storage port)' : 'queue: upload + verify + mark';
    console.log(
      `one ${mib} MiB file, ${what}, median of ${REPEATS}: resumable ${resumable.toFixed(0)} ms ` +
        `(${mbPerSecond(LARGE, resumable)} MiB/s, ${Math.ceil(LARGE / (6 * 1024 * 1024))} chunks), ` +
        `single request ${single.toFixed(0)} ms (${mbPerSecond(LARGE, single)} MiB/s): ${(resumable / single).toFixed(2)}x ` +
        `[resumable ${times.resumable[stage].map((v) => v.toFixed(0)).join(', ')}; single ${times['single request'][stage].map((v) => v.toFixed(0)).join(', ')}]`,
    );
  }
} finally {
  await server.close();
}
