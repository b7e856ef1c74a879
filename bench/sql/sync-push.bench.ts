/**
 * One sync_push of 1,000 updates on the PostgreSQL server (the bar: < 1 s), and the same
 * batch re-sent (every result replayed, nothing written: 0 duplicates). Baselines measured in the
 * same run: the same kind of change to 1,000 other rows as ONE plain UPDATE statement, i.e. the
 * cost of the writes and their triggers without the per-mutation checks, CAS and log; and a push
 * of 1,000 updates whose column sets alternate, so no two neighbours form a run and each is
 * applied alone (the path every mutation took before runs).
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../../server/db/database.ts';
import { asAdmin, machine, middle, openBenchDatabase, time } from './bench-database.ts';

const batchSize = 1000;
const rounds = 5;

interface Result {
  status: string;
  rev?: number;
  replayed: boolean;
}

async function freshPatients(db: Database, count: number): Promise<Map<string, number>> {
  const rows = await db.query<{ id: string; rev: number }>(
    `insert into patients (id, full_name, branch_id)
     select gen_random_uuid(), 'Paciente Bench ' || g, 'b0000000-0000-4000-8000-000000000001' from generate_series(1, $1::int) g
     returning id::text, rev`,
    [count],
  );
  return new Map(rows.rows.map((r) => [r.id, r.rev]));
}

async function push(db: Database, mutations: unknown[]): Promise<Result[]> {
  const answer = await asAdmin(db, (tx) =>
    tx.query<{ a: { results: Result[] } }>('select sync_push($1, $2::jsonb) as a', [
      'bench-device',
      JSON.stringify(mutations),
    ]),
  );
  return answer.rows[0]?.a.results ?? [];
}

if (!process.env['BENCH_DATABASE_URL'] && !process.env['TEST_DATABASE_URL']) {
  console.log(
    'skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL to a PostgreSQL server (this benchmark is about the server)',
  );
  process.exit(0);
}
const bench = await openBenchDatabase({ requirePostgres: true });
try {
  const db = bench.db;
  console.log(`sync_push of ${batchSize} updates, ${bench.kind}, ${machine()}, ${new Date().toISOString()}`);
  const pushed = await freshPatients(db, batchSize);
  const alone = await freshPatients(db, batchSize);
  const plain = await freshPatients(db, batchSize);
  const pushTimes: number[] = [];
  const resendTimes: number[] = [];
  const plainTimes: number[] = [];
  const aloneTimes: number[] = [];
  let duplicates = 0;
  for (let round = 0; round < rounds; round += 1) {
    const batch = [...pushed].map(([id, rev]) => ({
      mid: randomUUID(),
      table: 'patients',
      op: 'update',
      id,
      base_rev: rev,
      data: { notes: `round ${round}` },
      base: {},
      at: new Date().toISOString(),
    }));
    let results: Result[] = [];
    pushTimes.push(await time(async () => (results = await push(db, batch))));
    if (results.some((r) => r.status !== 'applied')) throw new Error('every update should apply');
    batch.forEach((m, i) => pushed.set(m.id, results[i]?.rev ?? 0));
    const headBefore = (await db.query<{ rev: number }>('select sync.highest_rev() as rev')).rows[0]?.rev;
    let again: Result[] = [];
    resendTimes.push(await time(async () => (again = await push(db, batch))));
    const headAfter = (await db.query<{ rev: number }>('select sync.highest_rev() as rev')).rows[0]?.rev;
    if (again.some((r) => !r.replayed) || headAfter !== headBefore) duplicates += 1;
    const unlike = [...alone].map(([id, rev], i) => ({
      mid: randomUUID(),
      table: 'patients',
      op: 'update',
      id,
      base_rev: rev,
      data: i % 2 === 0 ? { notes: `round ${round}` } : { notes: `round ${round}`, phone: '+5511900000000' },
      base: {},
      at: new Date().toISOString(),
    }));
    let aloneResults: Result[] = [];
    aloneTimes.push(await time(async () => (aloneResults = await push(db, unlike))));
    if (aloneResults.some((r) => r.status !== 'applied')) throw new Error('every update should apply');
    unlike.forEach((m, i) => alone.set(m.id, aloneResults[i]?.rev ?? 0));
    const ids = [...plain.keys()];
    plainTimes.push(
      await time(() =>
        asAdmin(db, (tx) =>
          tx.query(`update patients set notes = $1 where id = any($2::uuid[])`, [`round ${round}`, ids]),
        ),
      ),
    );
  }
  const logged = await db.query<{ n: number; distinct_mids: number }>(
    `select count(*)::int as n, count(distinct mid)::int as distinct_mids from sync.mutations where client_id = 'bench-device'`,
  );
  console.log(
    `  sync_push, ${batchSize} updates:      median ${middle(pushTimes).toFixed(1)} ms over ${rounds} rounds (target < 1000 ms)`,
  );
  console.log(
    `  re-send of the same batch:     median ${middle(resendTimes).toFixed(1)} ms, all replayed, rounds with a duplicate write: ${duplicates}`,
  );
  console.log(
    `  baseline, ${batchSize} updates applied one by one (no runs): median ${middle(aloneTimes).toFixed(1)} ms; ratio one-by-one / runs ${(middle(aloneTimes) / middle(pushTimes)).toFixed(1)}x`,
  );
  console.log(
    `  baseline, one plain UPDATE of ${batchSize} rows: median ${middle(plainTimes).toFixed(1)} ms`,
  );
  console.log(`  ratio push / plain update: ${(middle(pushTimes) / middle(plainTimes)).toFixed(1)}`);
  console.log(`  mutation log: ${logged.rows[0]?.n} entries for ${logged.rows[0]?.distinct_mids} mids`);
  if (duplicates > 0) process.exitCode = 1;
} finally {
  await bench.drop();
}
