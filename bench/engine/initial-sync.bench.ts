/**
 * P1, P2, P7 in Chromium against the local server (embedded PGlite unless DATABASE_URL is set):
 * - P1: initial sync of 100k patients (plus the demo seed) through the sync worker: rows/s, and
 *   the ratios to (a) raw IndexedDB `put` of the same rows and (b) the seed systems' naive sync
 *   (fetch the table, one upsert per row), both measured in the same page and run.
 * - P2: 50 rows changed on the server on top of that: from the commit to the rows in IndexedDB
 *   (poke → pull → apply), end to end. Goal < 100 ms.
 * - P7: the sync worker's JS heap during P1 (sampled every 200 ms). Goal < 150 MB.
 */
import { startLocalServer } from '../../server/local-server.ts';
import { signIn } from '../../tests/support/sync-client.ts';
import { sampleWorkerHeaps } from './worker-heap.ts';
import {
  addBulkPatients,
  fmt,
  percentile,
  serverHead,
  serverRowCount,
  startChromiumBench,
  until,
  type HarnessGlobal,
} from './chromium-bench.ts';

const BULK = Number(process.env['BENCH_PATIENTS'] ?? 100_000);

const server = await startLocalServer({
  ...(process.env['DATABASE_URL'] ? { databaseUrl: process.env['DATABASE_URL'], reset: true } : {}),
});
const bench = await startChromiumBench();
try {
  await addBulkPatients(server.db, BULK);
  const head = await serverHead(server.db);
  const total =
    (await server.db.query<{ n: number }>('select count(*)::int as n from patients')).rows[0]?.n ?? 0;
  const token = await signIn(server);
  const page = await bench.openHarness({
    url: server.url,
    key: server.anonKey,
    token,
    db: 'bench-initial',
    connect: 'later',
  });

  // P7: sample the worker's heap while it syncs.
  const heap: number[] = [];
  const heaps = await sampleWorkerHeaps(page);
  const sampler = setInterval(() => void heaps.sample().then((sizes) => heap.push(...sizes)), 200);

  // P1: initial sync through the engine.
  const started = performance.now();
  await page.evaluate(() => (globalThis as unknown as HarnessGlobal).harness.connect());
  await until(
    page,
    async () => {
      const status = await (globalThis as unknown as HarnessGlobal).harness.status();
      return status.phase === 'idle' && status.pending === 0 && status.cursor > 0;
    },
    50,
    900_000,
  );
  const reached = await page.evaluate(() => (globalThis as unknown as HarnessGlobal).harness.status());
  if (reached.cursor < head) throw new Error(`cursor ${reached.cursor} below the server head ${head}`);
  const engineMs = performance.now() - started;
  clearInterval(sampler);
  await heaps.stop();
  const localRows = await page.evaluate(() =>
    (globalThis as unknown as HarnessGlobal).harness.count('patients'),
  );
  if (localRows !== total) throw new Error(`expected ${total} patients locally, found ${localRows}`);
  const allRows = await serverRowCount(server.db); // every synced row of every table travelled
  const raw = await page.evaluate(() => (globalThis as unknown as HarnessGlobal).harness.rawPutTimed());
  const rawIndexed = await page.evaluate(() =>
    (globalThis as unknown as HarnessGlobal).harness.rawPutTimed(true),
  );
  const naive = await page.evaluate(() => (globalThis as unknown as HarnessGlobal).harness.naiveSyncTimed());

  const engineRate = (total / engineMs) * 1000;
  const rawRate = (raw.rows / raw.ms) * 1000;
  const naiveRate = (naive.rows / naive.ms) * 1000;
  console.log(
    `P1 initial sync: ${fmt(total)} patients (${fmt(allRows)} rows in all tables) in ${fmt(engineMs / 1000, 1)} s = ${fmt(engineRate)} patients/s end to end`,
  );
  console.log(
    `   raw IndexedDB put of the same ${fmt(raw.rows)} rows: ${fmt(rawRate)} rows/s; ratio engine/raw = ${fmt(engineRate / rawRate, 2)} (goal >= 0.7)`,
  );
  const rawIndexedRate = (rawIndexed.rows / rawIndexed.ms) * 1000;
  console.log(
    `   raw IndexedDB put into a store with the six patient indexes of local database version 1: ${fmt(rawIndexedRate)} rows/s; ratio engine/that = ${fmt(engineRate / rawIndexedRate, 2)}`,
  );
  console.log(
    `   naive sync (fetch table + one upsert per row): ${fmt(naiveRate)} rows/s; ratio engine/naive = ${fmt(engineRate / naiveRate, 2)}`,
  );
  const sampled = heap.filter((bytes) => bytes > 0);
  if (sampled.length > 0) {
    console.log(
      `P7 worker heap during P1: max ${fmt(Math.max(...sampled) / 1048576, 1)} MB, p50 ${fmt(percentile(sampled, 50) / 1048576, 1)} MB over ${sampled.length} samples (goal < 150 MB)`,
    );
  } else console.log('P7 worker heap: no sample (the worker was not reachable through DevTools)');

  // P2: 50 changes on top of the full copy, poke-driven, end to end: from just before the UPDATE
  // (its commit sends the poke) to the moment the page's live query sees the rows in IndexedDB
  // (all 50 commit in one transaction and arrive in one page, so one row tells).
  const runs: number[] = [];
  for (let run = 0; run < 20; run += 1) {
    const marker = `p2-run-${run}`;
    const ids = (
      await server.db.query<{ id: string }>('select id from patients order by id offset $1 limit 50', [
        run * 50,
      ])
    ).rows.map((row) => row.id);
    await page.evaluate(
      ([rowId, m]) => (globalThis as unknown as HarnessGlobal).harness.watchNotes(rowId, m),
      [ids[ids.length - 1] ?? '', marker] as const,
    );
    const t0 = performance.timeOrigin + performance.now();
    await server.db.query('update patients set notes = $1 where id = any($2::uuid[])', [marker, ids]);
    const seenAt = await page.evaluate(
      (m) => (globalThis as unknown as HarnessGlobal).harness.seenNotes(m),
      marker,
    );
    if (
      !(await page.evaluate(
        ([rowIds, m]) => (globalThis as unknown as HarnessGlobal).harness.notesAre(rowIds, m),
        [ids, marker] as const,
      ))
    )
      throw new Error('P2: not all 50 changes arrived together');
    runs.push(seenAt - t0);
  }
  console.log(
    `P2 incremental pull of 50 changes on top of ${fmt(total)}: p50 ${fmt(percentile(runs, 50))} ms, max ${fmt(Math.max(...runs))} ms over ${runs.length} runs, commit → in IndexedDB (goal < 100 ms)`,
  );
} finally {
  await bench.close();
  await server.close();
}
