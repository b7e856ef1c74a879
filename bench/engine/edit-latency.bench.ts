/**
 * P3: an edit on device A → visible in device B's IndexedDB, with 20 devices connected (push,
 * server commit, realtime poke, pull, apply). The devices are sync engines in this Node process
 * (fake-indexeddb), the local server runs in a child process (on PostgreSQL when
 * BENCH_DATABASE_URL is set, else PGlite). Baselines measured in the same run: one device pair
 * before the others connect, and the expected wait of a poke-less client polling every 30 s.
 * Goals: p50 < 100 ms, p99 < 300 ms.
 */
import 'fake-indexeddb/auto';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { liveQuery } from 'dexie';
import {
  startSyncClient,
  syncUntilQuiet,
  type ServerAddress,
  type SyncClient,
} from '../../tests/support/sync-client.ts';
import { fmt, percentile } from './chromium-bench.ts';

const DEVICES = Number(process.env['BENCH_DEVICES'] ?? 20);
const EDITS = 30;

const child = spawn(
  process.execPath,
  ['--import', 'tsx', new URL('./server-process.ts', import.meta.url).pathname],
  { stdio: ['pipe', 'pipe', 'inherit'] },
);
const address = await new Promise<ServerAddress & { database: string }>((resolve) => {
  createInterface({ input: child.stdout! }).once('line', (line) =>
    resolve(JSON.parse(line) as ServerAddress & { database: string }),
  );
});

/** Time from A's write to the value being in every other device's IndexedDB. */
async function measure(devices: readonly SyncClient[], edits: number): Promise<number[]> {
  const patientIds = (await devices[0]!.db.rows('patients').limit(50).primaryKeys()).sort();
  const latencies: number[] = [];
  for (let n = 0; n < edits; n += 1) {
    const writer = devices[n % devices.length]!;
    const id = patientIds[n % patientIds.length]!;
    const notes = `latency ${n} ${Date.now()}`;
    const seen = devices
      .filter((device) => device !== writer)
      .map(
        (device) =>
          new Promise<number>((resolve) => {
            const subscription = liveQuery(() => device.db.rows('patients').get(id)).subscribe({
              next(row) {
                if (row?.['notes'] !== notes) return;
                resolve(performance.now());
                queueMicrotask(() => subscription.unsubscribe());
              },
            });
          }),
      );
    const written = performance.now();
    await writer.write('patients', 'update', id, { notes });
    for (const at of await Promise.all(seen)) latencies.push(at - written);
  }
  return latencies;
}

const devices: SyncClient[] = [];
try {
  const emails = [
    'admin@clinica.example',
    'medica@clinica.example',
    'enfermeiro@clinica.example',
    'recepcao@clinica.example',
  ];
  const connect = async (count: number): Promise<void> => {
    while (devices.length < count) {
      const i = devices.length;
      const device = await startSyncClient(address, {
        name: `device-${i}`,
        email: emails[i % emails.length]!,
      });
      await syncUntilQuiet(device);
      devices.push(device);
    }
  };
  await connect(2);
  const pair = await measure(devices, 10);
  await connect(DEVICES);
  const crowd = await measure(devices, EDITS);
  console.log(
    `P3 edit on A → in B's IndexedDB, ${DEVICES} devices (sync engines in one Node process, fake-indexeddb; server in its own process on ${address.database}):`,
  );
  console.log(
    `   p50 ${fmt(percentile(crowd, 50))} ms, p99 ${fmt(percentile(crowd, 99))} ms, max ${fmt(Math.max(...crowd))} ms over ${crowd.length} deliveries (goal p50 < 100, p99 < 300)`,
  );
  console.log(
    `   baseline, two devices alone: p50 ${fmt(percentile(pair, 50))} ms, p99 ${fmt(percentile(pair, 99))} ms; ratio ${DEVICES}-device/pair p50 = ${fmt(percentile(crowd, 50) / percentile(pair, 50), 2)}`,
  );
  console.log(
    `   baseline, polling every 30 s without pokes: expected wait 15,000 ms; ratio = ${fmt(15_000 / percentile(crowd, 50), 0)}x faster`,
  );
} finally {
  for (const device of devices) await device.close();
  child.stdin!.end();
}
