/**
 * P3: an edit on device A → visible in device B's IndexedDB, with 20 devices connected (push,
 * server commit, realtime poke, pull, apply). Devices are sync engines with fake-indexeddb spread
 * over 4 processes; the local server runs in its own process (on PostgreSQL when
 * BENCH_DATABASE_URL is set, else PGlite). Baselines measured in the same run: one device pair
 * (in two processes) before the others connect, and the expected wait of a poke-less client that
 * polls every 30 s. Goals: p50 < 100 ms, p99 < 300 ms.
 */
import {
  startDeviceHost,
  startServerProcess,
  stopDeviceHosts,
  type DeviceHost,
} from './child-process-host.ts';
import { printLatency } from './latency-report.ts';

const DEVICES = Number(process.env['BENCH_DEVICES'] ?? 20);
const PROCESSES = 4;
const EDITS = 30;

/** Every edit is written by device 0 of one host and awaited in every other device. */
async function measure(
  hosts: readonly DeviceHost[],
  ids: readonly string[],
  edits: number,
): Promise<number[]> {
  const latencies: number[] = [];
  const total = hosts.reduce((sum, h) => sum + h.devices, 0);
  for (let n = 0; n < edits; n += 1) {
    const writer = hosts[n % hosts.length]!;
    const id = ids[n % ids.length]!;
    const notes = `latency ${n} ${Date.now()}`;
    const seen: Promise<Record<string, unknown>>[] = [];
    for (const h of hosts) {
      const watchers = h === writer ? h.devices - 1 : h.devices;
      for (let i = 0; i < watchers; i += 1) seen.push(h.next((m) => m['seen'] === notes));
      const watching = h.next((m) => m['watching'] === notes);
      h.send({ cmd: 'expect', id, notes, skip: h === writer ? 0 : null });
      await watching;
    }
    const written = writer.next((m) => m['written'] === notes);
    writer.send({ cmd: 'write', device: 0, id, notes });
    const at = (await written)['at'] as number;
    for (const message of await Promise.all(seen)) latencies.push((message['at'] as number) - at);
    if (seen.length !== total - 1) throw new Error('wrong number of watchers');
  }
  return latencies;
}

const address = await startServerProcess();
const hosts: DeviceHost[] = [];
try {
  hosts.push(await startDeviceHost(address, 1), await startDeviceHost(address, 1));
  const idsMessage = hosts[0]!.next((m) => Array.isArray(m['ids']));
  hosts[0]!.send({ cmd: 'ids' });
  const ids = (await idsMessage)['ids'] as string[];
  const pair = await measure(hosts, ids, 10);
  const perHost = Math.ceil((DEVICES - 2) / (PROCESSES - 2));
  for (let remaining = DEVICES - 2; remaining > 0; remaining -= perHost)
    hosts.push(await startDeviceHost(address, Math.min(perHost, remaining)));
  const crowd = await measure(hosts, ids, EDITS);
  const devices = hosts.reduce((sum, h) => sum + h.devices, 0);
  printLatency(
    `P3 edit on A → in B's IndexedDB, ${devices} devices in ${hosts.length} processes (sync engines, fake-indexeddb), server on ${address.database} in its own process:`,
    crowd,
    pair,
  );
} finally {
  await stopDeviceHosts(hosts);
  await address.stop();
}
