/**
 * `rpc('sync_pull')` of 1,000 rows over HTTP through supabase-js, p50/p99, on PGlite and (with
 * TEST_DATABASE_URL or DATABASE_URL) on PostgreSQL. Baseline, measured in the same run: the same
 * function called in-process as the same role, so the ratio is the cost of HTTP, JWT checking and
 * JSON transfer on top of the database work.
 */
import { createClient } from '@supabase/supabase-js';
import { cpus } from 'node:os';
import WebSocket from 'ws';
import { createPostgres } from '../../tests/support/test-databases.ts';
import { startLocalServer, type LocalServerOptions } from '../../server/local-server.ts';
import { runAsRole } from '../../server/db/run-as-role.ts';
import { machine, ms, summary } from './bench-stats.ts';

const ROUNDS = 60;
const WARMUP = 5;

async function measure(label: string, options: LocalServerOptions): Promise<void> {
  const server = await startLocalServer({ ...options, port: 0 });
  try {
    const client = createClient(server.url, server.anonKey, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: WebSocket as never },
    });
    const { data: signIn, error } = await client.auth.signInWithPassword({
      email: 'admin@clinica.example',
      password: 'clinica-demo-2026',
    });
    if (error) throw error;
    const claims = JSON.parse(
      Buffer.from(signIn.session!.access_token.split('.')[1]!, 'base64url').toString(),
    ) as Record<string, unknown>;
    const identity = { role: 'authenticated', claims, token: signIn.session!.access_token };

    const http: number[] = [];
    const direct: number[] = [];
    let rows = 0;
    for (let i = 0; i < WARMUP + ROUNDS; i++) {
      let start = performance.now();
      const { data, error: pullError } = await client.rpc('sync_pull', { since: 0, max_rows: 1000 });
      const elapsed = performance.now() - start;
      if (pullError) throw new Error(pullError.message);
      rows = (data as { changes: unknown[] }).changes.length;
      start = performance.now();
      await runAsRole(
        server.db,
        { identity, method: 'POST', path: '/rest/v1/rpc/sync_pull', readOnly: false },
        (tx) => tx.query(`select to_json(public.sync_pull(since => 0, max_rows => 1000))::text as body`),
      );
      const inProcess = performance.now() - start;
      if (i >= WARMUP) {
        http.push(elapsed);
        direct.push(inProcess);
      }
    }
    const h = summary(http);
    const d = summary(direct);
    console.log(`${label}: ${rows} rows per pull, ${h.n} pulls`);
    console.log(`  over HTTP (supabase-js)   p50 ${ms(h.p50)}  p99 ${ms(h.p99)}`);
    console.log(`  in-process baseline       p50 ${ms(d.p50)}  p99 ${ms(d.p99)}`);
    console.log(
      `  ratio HTTP / in-process   p50 ${(h.p50 / d.p50).toFixed(2)}x  p99 ${(h.p99 / d.p99).toFixed(2)}x`,
    );
    await client.auth.signOut();
  } finally {
    await server.close();
  }
}

console.log(`sync_pull over HTTP · ${machine()} · ${cpus().length} CPUs`);
await measure('PGlite', {});
const url = process.env['TEST_DATABASE_URL'] ?? process.env['DATABASE_URL'];
if (url) {
  const database = await createPostgres(url);
  try {
    await measure('PostgreSQL', { databaseUrl: database.url! });
  } finally {
    await database.drop();
  }
} else {
  console.log('PostgreSQL: skipped (set TEST_DATABASE_URL to measure it)');
}
