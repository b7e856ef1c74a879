/**
 * P8: `sync_push` throughput with 1, 4 and 16 concurrent writers on the PostgreSQL server, and
 * with 16 writers that each hold their transaction 20 ms (a slow client, a hub applying a page).
 *
 * Every writer is its own session, as the service role (the hub's and PostgREST's way in), and
 * each operation is one transaction. A push operation is `sync_push` of one new patient; the
 * baseline, measured in the same run and interleaved with the pushes round by round, is the same
 * row inserted into `bench_plain_patients`, a copy of `patients` with its indexes and checks but
 * without the sync triggers. The same pushes also run against a second database migrated only up
 * to before revs followed transaction ids (the counter lock), so the change is measured against
 * its predecessor under the same load. Figures: operations per second (median over the rounds),
 * the ratio to plain of each round (median), and p50 / p99 of one operation over every round.
 * Goals: ratio >= 0.5 with 16 writers, push p99 < 50 ms with 16 writers.
 *
 * BENCH_P8_PHASE_MS (default 3000) and BENCH_P8_ROUNDS (default 3) shorten or lengthen a run.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { percentile } from '../server/bench-stats.ts';
import { machine, middle, openBenchDatabase } from './bench-database.ts';

const phaseMs = Number(process.env['BENCH_P8_PHASE_MS'] ?? 3000);
const rounds = Number(process.env['BENCH_P8_ROUNDS'] ?? 3);
const branchId = 'b0000000-0000-4000-8000-000000000001';

interface Load {
  readonly writers: number;
  readonly holdMs: number;
}

const loads: readonly Load[] = [
  { writers: 1, holdMs: 0 },
  { writers: 4, holdMs: 0 },
  { writers: 16, holdMs: 0 },
  { writers: 16, holdMs: 20 },
];

type Operation = (client: pg.Client, writer: number, n: number) => Promise<unknown>;

const pushOne: Operation = (client, writer, n) =>
  client.query('select sync_push($1, $2::jsonb)', [
    `bench-writer-${writer}`,
    JSON.stringify([
      {
        mid: randomUUID(),
        table: 'patients',
        op: 'insert',
        id: randomUUID(),
        base_rev: null,
        data: { full_name: `Paciente P8 ${writer}-${n}`, branch_id: branchId },
        base: {},
        at: new Date().toISOString(),
      },
    ]),
  ]);

const insertPlain: Operation = (client, writer, n) =>
  client.query('insert into bench_plain_patients (id, full_name, branch_id) values ($1, $2, $3)', [
    randomUUID(),
    `Paciente P8 ${writer}-${n}`,
    branchId,
  ]);

/** One operation in its own transaction, held open `holdMs` before commit when asked. */
function inTransaction(operation: Operation, holdMs: number): Operation {
  if (holdMs === 0) return operation;
  return async (client, writer, n) => {
    await client.query('begin');
    try {
      await operation(client, writer, n);
      await client.query('select pg_sleep($1)', [holdMs / 1000]);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback');
      throw error;
    }
  };
}

/** Every session loops over `operation` for `phaseMs`; answers operations per second and latencies. */
async function phase(
  sessions: readonly pg.Client[],
  operation: Operation,
): Promise<{ perSecond: number; latencies: number[] }> {
  const latencies: number[] = [];
  const start = performance.now();
  const end = start + phaseMs;
  await Promise.all(
    sessions.map(async (client, writer) => {
      for (let n = 0; performance.now() < end; n += 1) {
        const begun = performance.now();
        await operation(client, writer, n);
        latencies.push(performance.now() - begun);
      }
    }),
  );
  return { perSecond: latencies.length / ((performance.now() - start) / 1000), latencies };
}

async function openSessions(url: string, count: number): Promise<pg.Client[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`select set_config('request.jwt.claims', '{"role":"service_role"}', false)`);
      await client.query('set role service_role');
      return client;
    }),
  );
}

if (!process.env['BENCH_DATABASE_URL'] && !process.env['TEST_DATABASE_URL']) {
  console.log(
    'skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL to a PostgreSQL server (P8 needs sessions)',
  );
  process.exit(0);
}
// The schema of today, and the schema as it was before revs followed transaction ids (every
// writer locked one counter row until it ended), measured side by side in the same run.
const revRanges = '20261203110000';
const bench = await openBenchDatabase({ requirePostgres: true });
const before = await openBenchDatabase({ requirePostgres: true, migrationsBefore: revRanges });
type Path = 'plain' | 'push' | 'before';
const paths: readonly Path[] = ['plain', 'push', 'before'];
try {
  await bench.db.exec(`
    create table bench_plain_patients (like patients including all);
    create sequence bench_plain_patients_rev;
    alter table bench_plain_patients alter rev set default nextval('bench_plain_patients_rev');
    grant all on bench_plain_patients to service_role;
    grant all on sequence bench_plain_patients_rev to service_role;
  `);
  console.log(
    `P8 sync_push with concurrent writers, ${bench.kind}, ${machine()}, ${new Date().toISOString()}, ` +
      `${rounds} rounds of ${phaseMs} ms per figure; "before" = the schema without ${revRanges}`,
  );
  for (const load of loads) {
    const sessions = await openSessions(bench.url ?? '', load.writers);
    const beforeSessions = await openSessions(before.url ?? '', load.writers);
    const runs: Record<Path, { sessions: pg.Client[]; operation: Operation }> = {
      plain: { sessions, operation: inTransaction(insertPlain, load.holdMs) },
      push: { sessions, operation: inTransaction(pushOne, load.holdMs) },
      before: { sessions: beforeSessions, operation: inTransaction(pushOne, load.holdMs) },
    };
    const rates: Record<Path, number[]> = { plain: [], push: [], before: [] };
    const latencies: Record<Path, number[]> = { plain: [], push: [], before: [] };
    const ratios: Record<'push' | 'before', number[]> = { push: [], before: [] };
    try {
      // Warm every path (plans, caches), then rotate which goes first so drift falls on all.
      for (const path of paths) await phase(runs[path].sessions.slice(0, 1), runs[path].operation);
      for (let round = 0; round < rounds; round += 1) {
        const measured: Record<Path, number> = { plain: 0, push: 0, before: 0 };
        for (let i = 0; i < paths.length; i += 1) {
          const path = paths[(round + i) % paths.length] ?? 'plain';
          const result = await phase(runs[path].sessions, runs[path].operation);
          measured[path] = result.perSecond;
          rates[path].push(result.perSecond);
          latencies[path].push(...result.latencies);
        }
        ratios.push.push(measured.push / measured.plain);
        ratios.before.push(measured.before / measured.plain);
      }
    } finally {
      await Promise.all([...sessions, ...beforeSessions].map((client) => client.end()));
    }
    const held = load.holdMs > 0 ? `, each holding ${load.holdMs} ms` : '';
    const figure = (path: Path) =>
      `${middle(rates[path]).toFixed(0)}/s (p50 ${percentile(latencies[path], 50).toFixed(1)} ms, ` +
      `p99 ${percentile(latencies[path], 99).toFixed(1)} ms)`;
    console.log(
      `  ${String(load.writers).padStart(2)} writers${held}: plain ${figure('plain')}\n` +
        `      sync_push ${figure('push')}, ratio to plain ${middle(ratios.push).toFixed(2)}` +
        (load.writers === 16 && load.holdMs === 0 ? ' (goals: ratio >= 0.5, p99 < 50 ms)' : '') +
        `\n      before, with the counter lock: ${figure('before')}, ratio to plain ${middle(ratios.before).toFixed(2)}`,
    );
  }
} finally {
  await bench.drop();
  await before.drop();
}
