/**
 * P3: an edit on device A → visible in device B's IndexedDB, with 20 devices connected (push,
 * server commit, realtime poke, pull, apply). Devices are sync engines with fake-indexeddb spread
 * over 4 processes; the local server runs in its own process (on PostgreSQL when
 * BENCH_DATABASE_URL is set, else PGlite). Baselines measured in the same run: one device pair
 * (in two processes) before the others connect, and the expected wait of a poke-less client that
 * polls every 30 s. Goals: p50 < 100 ms, p99 < 300 ms.
 */
import { startChildHost, startServerProcess, type ChildHost } from './child-process-host.ts';
import { fmt, percentile } from './chromium-bench.ts';

const DEVICES = Number(process.env['BENCH_DEVICES'] ?? 20);
const PROCESSES = 4;
const EDITS = 30;

interface Host extends ChildHost {
  readonly devices: number;
}

async function startDevices(address: { url: string; anonKey: string }, count: number): Promise<Host> {
  const started = startChildHost(new URL('./device-process.ts', import.meta.url), {
    BENCH_SERVER_URL: address.url,
    BENCH_ANON_KEY: address.anonKey,
    BENCH_DEVICE_COUNT: String(count),
  });
  await started.next((m) => m['ready'] === true);
  return { ...started, devices: count };
}

/** Every edit is written by device 0 of one host and awaited in every other device. */
async function measure(hosts: readonly Host[], ids: readonly string[], edits: number): Promise<number[]> {
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
const hosts: Host[] = [];
try {
  hosts.push(await startDevices(address, 1), await startDevices(address, 1));
  const idsMessage = hosts[0]!.next((m) => Array.isArray(m['ids']));
  hosts[0]!.send({ cmd: 'ids' });
  const ids = (await idsMessage)['ids'] as string[];
  const pair = await measure(hosts, ids, 10);
  const perHost = Math.ceil((DEVICES - 2) / (PROCESSES - 2));
  for (let remaining = DEVICES - 2; remaining > 0; remaining -= perHost)
    hosts.push(await startDevices(address, Math.min(perHost, remaining)));
  const crowd = await measure(hosts, ids, EDITS);
  const devices = hosts.reduce((sum, h) => sum + h.devices, 0);
  console.log(
    `P3 edit on A → in B's IndexedDB, ${devices} devices in ${hosts.length} processes (sync engines, fake-indexeddb), server on ${address.database} in its own process:`,
  );
  console.log(
    `   p50 ${fmt(percentile(crowd, 50))} ms, p99 ${fmt(percentile(crowd, 99))} ms, max ${fmt(Math.max(...crowd))} ms over ${crowd.length} deliveries (goal p50 < 100, p99 < 300)`,
  );
  console.log(
    `   baseline, one pair before the others connect: p50 ${fmt(percentile(pair, 50))} ms, p99 ${fmt(percentile(pair, 99))} ms; ratio crowd/pair p50 = ${fmt(percentile(crowd, 50) / percentile(pair, 50), 2)}`,
  );
  console.log(
    `   baseline, polling every 30 s without pokes: expected wait 15,000 ms; ratio = ${fmt(15_000 / percentile(crowd, 50), 0)}x faster`,
  );
} finally {
  for (const h of hosts) h.send({ cmd: 'quit' });
  await Promise.all(hosts.map((h) => new Promise((resolve) => h.child.once('exit', resolve))));
  await address.stop();
}
