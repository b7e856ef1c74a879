/**
 * P3 in Chromium: an edit on device A → visible in device B's IndexedDB (push, server commit,
 * realtime poke, pull, apply, and B's live query firing), with 20 clients connected. A Chromium
 * device is a page of its own origin (own IndexedDB backing store, Web Locks and channels)
 * running the real sync worker; the local server runs in its own process (PGlite, or PostgreSQL
 * with BENCH_DATABASE_URL). Writers rotate over the Chromium devices; each edit is awaited on
 * every other Chromium device. Three measurements in one run:
 *
 * 1. one Chromium pair before anyone else connects (baseline);
 * 2. 20 clients: 4 Chromium devices among 16 sync engines in Node processes (fake-indexeddb),
 *    which pull every edit like any device: the server serves 20 devices, and the browsers'
 *    path is measured without 16 more browsers on the same two cores (BENCH_DEVICES=50: 50);
 * 3. 20 Chromium devices: every client a browser, all sharing this machine's cores (skipped
 *    when BENCH_BROWSERS is 4 or less).
 *
 * Goals: p50 < 100 ms, p99 < 300 ms. The expected wait of a poke-less client polling every 30 s
 * is the other baseline.
 */
import type { Page } from 'playwright-core';
import { demoStaffEmails, signIn } from '../../tests/support/sync-client.ts';
import {
  startDeviceHost,
  startServerProcess,
  stopDeviceHosts,
  type DeviceHost,
} from './child-process-host.ts';
import { startChromiumBench, untilFirstSync, type HarnessGlobal } from './chromium-bench.ts';
import { printLatency } from './latency-report.ts';

/** Clients in measurement 2 (BENCH_DEVICES) and browsers in measurement 3 (BENCH_BROWSERS). */
const DEVICES = Number(process.env['BENCH_DEVICES'] ?? 20);
const BROWSERS = Number(process.env['BENCH_BROWSERS'] ?? 20);
const EDITS = Number(process.env['BENCH_EDITS'] ?? 40);
/** Chromium devices among the Node sync engines in measurement 2. */
const BROWSERS_AMONG_ENGINES = 4;
const ENGINE_PROCESSES = 2;
/** How long after an edit its arrival times are collected (a page that is later is waited for). */
const settleMs = 1_000;

const server = await startServerProcess();
const bench = await startChromiumBench();
const engineHosts: DeviceHost[] = [];
try {
  const tokens = await Promise.all(demoStaffEmails.map((email) => signIn(server, email)));
  const openDevice = async (index: number): Promise<Page> => {
    const page = await bench.openHarness(
      {
        url: server.url,
        key: server.anonKey,
        token: tokens[index % tokens.length] ?? '',
        db: `bench-latency-${index}`,
      },
      index,
    );
    await untilFirstSync(page);
    return page;
  };
  const devices: Page[] = [await openDevice(0), await openDevice(1)];
  const ids = await devices[0]!.evaluate(() =>
    (globalThis as unknown as HarnessGlobal).harness.patientIds(50),
  );

  /** Edit n is written on device n mod count and awaited on every other device. */
  const measure = async (edits: number): Promise<number[]> => {
    const latencies: number[] = [];
    for (let n = 0; n < edits; n += 1) {
      const writer = devices[n % devices.length]!;
      const watchers = devices.filter((device) => device !== writer);
      const id = ids[n % ids.length]!;
      const notes = `latency ${n} ${Date.now()}`;
      await Promise.all(
        watchers.map((page) =>
          page.evaluate(
            ([rowId, text]) => (globalThis as unknown as HarnessGlobal).harness.watchNotes(rowId, text),
            [id, notes] as const,
          ),
        ),
      );
      const writtenAt = await writer.evaluate(
        ([rowId, text]) => (globalThis as unknown as HarnessGlobal).harness.writeNotes(rowId, text),
        [id, notes] as const,
      );
      // Collected once the deliveries are done: asking every page at once while the edit travels
      // would put the DevTools round trips on the same two cores as the deliveries being timed.
      await new Promise((resolve) => setTimeout(resolve, settleMs));
      const seen = await Promise.all(
        watchers.map((page) =>
          page.evaluate((text) => (globalThis as unknown as HarnessGlobal).harness.seenNotes(text), notes),
        ),
      );
      latencies.push(...seen.map((at) => at - writtenAt));
    }
    return latencies;
  };

  const pair = await measure(10);

  while (devices.length < BROWSERS_AMONG_ENGINES) devices.push(await openDevice(devices.length));
  const engines = DEVICES - devices.length;
  for (let process = 0; process < ENGINE_PROCESSES; process += 1) {
    const count = Math.ceil(engines / ENGINE_PROCESSES);
    const remaining = engines - engineHosts.reduce((sum, h) => sum + h.devices, 0);
    if (remaining > 0) engineHosts.push(await startDeviceHost(server, Math.min(count, remaining)));
  }
  const amongEngines = await measure(EDITS);
  printLatency(
    `P3 edit on A → in B's IndexedDB, ${devices.length} Chromium devices among ${engines} sync engines in Node (${DEVICES} clients), server on ${server.database} in its own process (measured in Chromium):`,
    amongEngines,
    pair,
  );
  await stopDeviceHosts(engineHosts.splice(0));

  if (BROWSERS > devices.length) {
    while (devices.length < BROWSERS) devices.push(await openDevice(devices.length));
    const crowd = await measure(EDITS);
    printLatency(
      `P3 edit on A → in B's IndexedDB, ${devices.length} devices in Chromium (a page and sync worker each, own origins), server on ${server.database} in its own process:`,
      crowd,
      pair,
    );
  }
} finally {
  await stopDeviceHosts(engineHosts);
  await bench.close();
  await server.stop();
}
