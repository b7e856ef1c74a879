/**
 * Runs a local server in its own process for benchmarks whose clients must not share the server's
 * event loop. Prints one JSON line `{ url, anonKey }`, then serves until stdin closes.
 */
import { startLocalServer } from '../../server/local-server.ts';

const server = await startLocalServer({});
process.stdout.write(`${JSON.stringify({ url: server.url, anonKey: server.anonKey })}\n`);
process.stdin.resume();
process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
