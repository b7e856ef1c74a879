/**
 * P3 in Chromium: an edit on device A → visible in device B's IndexedDB (push, server commit,
 * realtime poke, pull, apply, and B's live query firing), with 20 devices connected. Each device
 * is a page of its own origin (own IndexedDB backing store, Web Locks and channels) running the
 * real sync worker; all share one Chromium and this machine's two cores with the local server,
 * which runs in its own process (PGlite, or PostgreSQL with BENCH_DATABASE_URL). Writers rotate
 * over the devices; each edit is awaited on every other device. Baselines in the same run: one
 * device pair before the others connect, and the expected wait of a poke-less client polling
 * every 30 s. Goals: p50 < 100 ms, p99 < 300 ms.
 */
import type { Page } from 'playwright-core';
import { signIn } from '../../tests/support/sync-client.ts';
import { startServerProcess } from './child-process-host.ts';
import { fmt, percentile, startChromiumBench, until, type HarnessGlobal } from './chromium-bench.ts';

const DEVICES = Number(process.env['BENCH_DEVICES'] ?? 20);
const EDITS = Number(process.env['BENCH_EDITS'] ?? 40);
/** How long after an edit its arrival times are collected (a page that is later is waited for). */
const settleMs = 1_000;
const emails = [
  'admin@clinica.example',
  'medica@clinica.example',
  'enfermeiro@clinica.example',
  'recepcao@clinica.example',
];

const server = await startServerProcess();
const bench = await startChromiumBench();
try {
  const tokens = await Promise.all(emails.map((email) => signIn(server, email)));
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
    await until(
      page,
      async () => {
        const status = await (globalThis as unknown as HarnessGlobal).harness.status();
        return status.cursor > 0 && status.phase === 'idle';
      },
      50,
      120_000,
    );
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
      // would put 19 DevTools round trips on the same two cores as the deliveries being timed.
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
  for (let index = 2; index < DEVICES; index += 1) devices.push(await openDevice(index));
  const crowd = await measure(EDITS);
  console.log(
    `P3 edit on A → in B's IndexedDB, ${devices.length} devices in Chromium (a page and sync worker each, own origins), server on ${server.database} in its own process:`,
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
  await bench.close();
  await server.stop();
}
