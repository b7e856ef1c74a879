/**
 * Runs a local server in its own process for benchmarks whose clients must not share the server's
 * event loop: on a fresh database of the PostgreSQL server named by BENCH_DATABASE_URL (created
 * for the run, dropped after), else on embedded PGlite. Prints one JSON line
 * `{ url, anonKey, database }`, then serves until stdin closes.
 */
import { startLocalServer } from '../../server/local-server.ts';
import { createPostgres, type TestDatabase } from '../../tests/support/test-databases.ts';

const adminUrl = process.env['BENCH_DATABASE_URL'];
let fresh: TestDatabase | null = null;
if (adminUrl) {
  fresh = await createPostgres(adminUrl);
  await fresh.db.close();
}
const server = await startLocalServer(fresh?.url ? { databaseUrl: fresh.url } : {});
process.stdout.write(
  `${JSON.stringify({ url: server.url, anonKey: server.anonKey, database: fresh ? 'postgres' : 'pglite' })}\n`,
);
process.stdin.resume();
process.stdin.on('end', () => {
  void server
    .close()
    .then(() => fresh?.drop())
    .finally(() => process.exit(0));
});
