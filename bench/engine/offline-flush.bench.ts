/**
 * P4: a synced tab goes offline (its sync worker stopped), 1,000 patients are created, then the
 * worker starts again: time until the outbox is empty (worker start, catch-up pull, pushes), in
 * Chromium against the local server, and a check that the server applied each mutation once. Baseline in the same page and run: the seed systems' flush, one
 * PostgREST insert request per queued row. Goal < 2 s, 0 duplicates.
 */
import { startLocalServer } from '../../server/local-server.ts';
import { signIn } from '../../tests/support/sync-client.ts';
import { fmt, startChromiumBench, until, untilFirstSync, type HarnessGlobal } from './chromium-bench.ts';

const COUNT = 1_000;
const server = await startLocalServer({});
const bench = await startChromiumBench();
try {
  const token = await signIn(server);
  const page = await bench.openHarness({ url: server.url, key: server.anonKey, token, db: 'bench-flush' });
  await untilFirstSync(page);
  await page.evaluate(() => (globalThis as unknown as HarnessGlobal).harness.disconnect());
  const written = await page.evaluate(
    (count) => (globalThis as unknown as HarnessGlobal).harness.insertPatients(count, 'Offline P4'),
    COUNT,
  );
  if (written !== COUNT) throw new Error(`only ${written} offline writes were accepted`);

  const started = performance.now();
  await page.evaluate(() => (globalThis as unknown as HarnessGlobal).harness.connect());
  await until(
    page,
    async () => {
      const status = await (globalThis as unknown as HarnessGlobal).harness.status();
      return status.pending === 0 && status.phase === 'idle';
    },
    25,
    120_000,
  );
  const flushMs = performance.now() - started;

  const rows =
    (
      await server.db.query<{ n: number }>(
        `select count(*)::int as n from patients where full_name like 'Offline P4 %'`,
      )
    ).rows[0]?.n ?? 0;
  const applied = await server.db.query<{ n: number; distinct_rows: number }>(
    `select count(*)::int as n, count(distinct row_id)::int as distinct_rows from sync.mutations m
      join patients p on p.id = m.row_id where p.full_name like 'Offline P4 %' and m.status = 'applied'`,
  );
  const duplicates = (applied.rows[0]?.n ?? 0) - (applied.rows[0]?.distinct_rows ?? 0);
  const naive = await page.evaluate(
    (count) => (globalThis as unknown as HarnessGlobal).harness.naivePushTimed(count, 'Naive P4'),
    COUNT,
  );
  console.log(
    `P4 flush of ${fmt(COUNT)} offline mutations: ${fmt(flushMs)} ms from starting the worker to an empty outbox (goal < 2,000 ms)`,
  );
  console.log(
    `   server rows ${fmt(rows)}, applied mutations ${fmt(applied.rows[0]?.n ?? 0)}, duplicates ${duplicates}`,
  );
  console.log(
    `   baseline, one REST insert per row: ${fmt(naive.ms)} ms for ${fmt(naive.rows)} rows; ratio baseline/engine = ${fmt(naive.ms / flushMs, 1)}x`,
  );
  if (rows !== COUNT || duplicates !== 0) process.exitCode = 1;
} finally {
  await bench.close();
  await server.close();
}
