/**
 * Reconciliation of 10k objects against 10k rows (goal: under 5 s end to end). Objects are spread
 * over 100 patients (100 each), as a clinic's would be; 1% of objects have no row and 1% of rows
 * no object. Objects are registered in `storage.objects` directly (listing reads only the table),
 * rows inserted in one statement. Measured: the pure planner alone, then the whole
 * `reconcileStorage` dry run over HTTP (walk the bucket, page the rows, derive ids, plan). The
 * baseline is the bare listing walk in the same run: how much reconciliation adds to reading.
 */
import WebSocket from 'ws';
import { createClient } from '@supabase/supabase-js';
import { startLocalServer } from '../../server/local-server.ts';
import { planReconciliation } from '../../src/core/files/reconcile-plan.ts';
import { clinicFilesBucket } from '../../src/core/files/object-path.ts';
import { createSupabaseFileStorage } from '../../src/engine/files/supabase-file-storage.ts';
import { createServerFileRows } from '../../src/engine/files/server-file-rows.ts';
import { reconcileStorage } from '../../src/engine/files/reconcile-storage.ts';

const N = Number(process.env['BENCH_RECONCILE_OBJECTS'] ?? 10_000);
const OWNERS = 100;

const server = await startLocalServer({});
try {
  await server.db.transaction(async (tx) => {
    await tx.query(
      `with owners as (select id, row_number() over (order by id) as k from patients limit $2),
            keys as (select 'patients/' || o.id || '/' || encode(extensions.digest(g::text, 'sha256'), 'hex') || '-scan' || g || '.pdf' as name, g
                       from generate_series(1, $1::int) g join owners o on o.k = 1 + (g % $2))
       insert into storage.objects (bucket_id, name, version, metadata)
       select 'clinic-files', name, gen_random_uuid()::text, jsonb_build_object('size', 1000 + g, 'mimetype', 'application/pdf')
         from keys where g % 100 <> 0`,
      [N, OWNERS],
    );
    await tx.query(
      `with owners as (select id, row_number() over (order by id) as k from patients limit $2),
            keys as (select o.id as owner_id, encode(extensions.digest(g::text, 'sha256'), 'hex') as sha, g
                       from generate_series(1, $1::int) g join owners o on o.k = 1 + (g % $2))
       insert into files (id, owner_table, owner_id, bucket, path, name, content_type, size, sha256, uploaded_at)
       select gen_random_uuid(), 'patients', owner_id, 'clinic-files', 'patients/' || owner_id || '/' || sha || '-scan' || g || '.pdf',
              'scan' || g || '.pdf', 'application/pdf', 1000 + g, sha, now()
         from keys where g % 100 <> 1`,
      [N, OWNERS],
    );
  });
  const client = createClient(server.url, server.serviceRoleKey, {
    auth: { persistSession: false },
    realtime: { transport: WebSocket as never },
  });
  const storage = createSupabaseFileStorage(client, clinicFilesBucket);
  const rows = createServerFileRows(client);

  const listed = await storage.list();
  const fileRows = await rows.list(clinicFilesBucket);
  if (listed.kind !== 'ok' || fileRows.kind !== 'ok') throw new Error('listing failed');
  const planStart = performance.now();
  const plan = planReconciliation({
    bucket: clinicFilesBucket,
    objects: listed.value,
    rows: fileRows.value,
    rowIdFor: (path) => path,
    now: new Date().toISOString(),
  });
  const planMs = performance.now() - planStart;
  console.log(
    `planner alone: ${listed.value.length} objects × ${fileRows.value.length} rows in ${planMs.toFixed(1)} ms (added ${plan.add.length}, marked missing ${plan.markMissing.length})`,
  );

  const walkStart = performance.now();
  await storage.list();
  const walkMs = performance.now() - walkStart;
  const start = performance.now();
  const outcome = await reconcileStorage({ storage, rows, dryRun: true });
  const ms = performance.now() - start;
  if (outcome.kind !== 'ok') throw new Error(outcome.message);
  console.log(`baseline: bare bucket walk (${OWNERS + 2} list requests): ${walkMs.toFixed(0)} ms`);
  console.log(
    `reconcile dry run end to end: ${ms.toFixed(0)} ms (${(ms / walkMs).toFixed(2)}x the bare walk; goal < 5000 ms: ${ms < 5000 ? 'met' : 'NOT met'})`,
  );
  console.log(outcome.lines.at(-1));
} finally {
  await server.close();
}
