/**
 * sync_pull(max_rows 1000) near the head with 10k and with 1M patients. The contract wants the
 * cost to follow the changes returned, not the table sizes (DESIGN §3.2): the ratio 1M / 10k
 * should stay near 1 (the bar: <= 1.5). Prints the plan of the 1M pull.
 *
 * The bulk rows are loaded with triggers off, each taking its rev from the load's own transaction
 * with sync.next_rev() as the stamp trigger would (a benchmark shortcut).
 */
import { asAdmin, machine, middle, openBenchDatabase, time } from './bench-database.ts';
import type { Database } from '../../server/db/database.ts';

const runs = 30;
// The sizes compared; overridable for a quick run (e.g. BENCH_PULL_LARGE=100000 on PGlite).
const smallSize = Number(process.env['BENCH_PULL_SMALL'] ?? 10_000);
const largeSize = Number(process.env['BENCH_PULL_LARGE'] ?? 1_000_000);

async function growPatientsTo(db: Database, total: number): Promise<void> {
  const existing = await db.query<{ n: number }>('select count(*)::int as n from patients');
  const missing = total - (existing.rows[0]?.n ?? 0);
  if (missing <= 0) return;
  await db.transaction(async (tx) => {
    await tx.exec(`set local session_replication_role = replica`);
    await tx.query(
      `insert into patients (id, full_name, document_type, document_id, phone, phone_normalized, branch_id, rev, created_at, updated_at)
       select gen_random_uuid(), 'Paciente ' || g, 'CPF', lpad(g::text, 11, '0'), '+55 11 9' || lpad((g % 100000000)::text, 8, '0'),
              '+55119' || lpad((g % 100000000)::text, 8, '0'), 'b0000000-0000-4000-8000-000000000001',
              sync.next_rev(), now(), now()
         from generate_series(1, $1::int) g`,
      [missing],
    );
  });
  // A steady-state table: hint bits and visibility map set, statistics current.
  await db.exec('vacuum analyze patients');
}

/** One pull of the 1000 changes just below the head, as the seeded admin (RLS applies). */
/** The rev with exactly 1000 patients above it (every one loaded after the seed). */
async function thousandBelowHead(db: Database): Promise<number> {
  const below = await db.query<{ rev: number }>(
    'select rev from patients order by rev desc offset 1000 limit 1',
  );
  return below.rows[0]?.rev ?? 0;
}

async function pullNearHead(db: Database): Promise<() => Promise<unknown>> {
  const since = await thousandBelowHead(db);
  const answer = await asAdmin(db, (tx) =>
    tx.query<{ a: { changes: unknown[] } }>('select sync_pull($1, 1000) as a', [since]),
  );
  if (answer.rows[0]?.a.changes.length !== 1000) throw new Error('expected a full page of 1000 changes');
  return () => asAdmin(db, (tx) => tx.query('select sync_pull($1, 1000)', [since]));
}

async function plan(db: Database): Promise<string> {
  const since = await thousandBelowHead(db);
  const statement = (await db.query<{ s: string }>('select sync.pull_statement() as s')).rows[0]?.s ?? '';
  const sql = statement.replaceAll('$1', String(since)).replaceAll('$2', '1000').replaceAll('$3', 'null');
  const rows = await asAdmin(db, (tx) =>
    tx.query<Record<string, string>>(`explain (analyze, costs off, timing off, summary on) ${sql}`),
  );
  return rows.rows
    .map((r) => Object.values(r)[0])
    .filter((line) => /patients|Limit|Merge|Append|Planning|Execution/.test(line ?? ''))
    .join('\n');
}

// Three databases measured in turn, so that load from anything else on the machine falls on all:
// the small and the large one, and a small one whose schema is as it was before revs followed
// transaction ids (the pull had no settled mark to compute), for the cost of that change.
const revRanges = '20261203110000';
const small = await openBenchDatabase();
const large = await openBenchDatabase();
const smallBefore = await openBenchDatabase({ migrationsBefore: revRanges });
try {
  console.log(
    `sync_pull near the head, max_rows 1000, ${small.kind}, ${machine()}, ${new Date().toISOString()}`,
  );
  await growPatientsTo(small.db, smallSize);
  await growPatientsTo(large.db, largeSize);
  await growPatientsTo(smallBefore.db, smallSize);
  const pullSmall = await pullNearHead(small.db);
  const pullLarge = await pullNearHead(large.db);
  const pullBefore = await pullNearHead(smallBefore.db);
  const smallTimes: number[] = [];
  const largeTimes: number[] = [];
  const beforeTimes: number[] = [];
  for (let round = 0; round < runs; round += 1) {
    smallTimes.push(await time(pullSmall));
    largeTimes.push(await time(pullLarge));
    beforeTimes.push(await time(pullBefore));
  }
  const mid = middle;
  console.log(`  ${smallSize} patients: median ${mid(smallTimes).toFixed(2)} ms over ${runs} pulls`);
  console.log(`  ${largeSize} patients: median ${mid(largeTimes).toFixed(2)} ms over ${runs} pulls`);
  console.log(
    `  ratio ${largeSize} / ${smallSize}: ${(mid(largeTimes) / mid(smallTimes)).toFixed(2)} (target <= 1.5)`,
  );
  console.log(
    `  ${smallSize} patients, schema before ${revRanges}: median ${mid(beforeTimes).toFixed(2)} ms; ` +
      `ratio now / before ${(mid(smallTimes) / mid(beforeTimes)).toFixed(2)}`,
  );
  console.log(`  plan at ${largeSize} (patients branch and totals):`);
  console.log((await plan(large.db)).replace(/^/gm, '    '));
} finally {
  await small.drop();
  await large.drop();
  await smallBefore.drop();
}
