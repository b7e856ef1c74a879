import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CliUsageError, USAGE, type CliOptions } from './cli-options.ts';
import { DataDirError } from './data-dir.ts';
import { startLocalServer, type LocalServer } from './local-server.ts';

/**
 * Starts the server for a command line: writes `<data-dir>/local-supabase.json` (mode 0600: it
 * holds the service-role key) so scripts and tests can find it, prints the `ready` line, and
 * closes cleanly on SIGINT/SIGTERM.
 */
export async function runServer(options: CliOptions, appDir: string): Promise<LocalServer> {
  const dataDir = resolve(options.dataDir);
  if (options.serveApp && !existsSync(join(appDir, 'index.html'))) {
    console.warn(`warning: ${appDir} has no built app; run "npm run build" (or "npm start") to serve it`);
  }
  const server = await startLocalServer({
    port: options.port,
    host: options.host,
    dataDir,
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    serveApp: options.serveApp,
    appDir,
    reset: options.reset,
    seed: options.seed,
  });
  const info = { url: server.url, anon_key: server.anonKey, service_role_key: server.serviceRoleKey };
  await writeFile(join(dataDir, 'local-supabase.json'), `${JSON.stringify(info, null, 2)}\n`, {
    mode: 0o600,
  });
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  console.log(`ready ${server.url} (database: ${server.db.kind}, data: ${dataDir})`);
  return server;
}

/**
 * How `npm run server` and `npm start` end when they cannot start: a bad command line prints the
 * usage (exit 2); a data directory that cannot be created or written, or a port already taken,
 * says which and why (exit 1); anything else is printed whole, stack included, for whoever reports it (exit 1).
 */
export function exitOnStartupFailure(error: unknown): never {
  if (error instanceof CliUsageError) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (error instanceof DataDirError) {
    console.error(`${error.message}\nChoose another folder with --data-dir <dir>.`);
    process.exit(1);
  }
  const { code, address, port } = error as NodeJS.ErrnoException & { address?: string; port?: number };
  if (code === 'EADDRINUSE' || code === 'EACCES') {
    const where = `${address ?? 'the address'}:${port ?? '?'}`;
    console.error(
      code === 'EADDRINUSE'
        ? `Port ${port ?? '?'} is already in use (${where}): stop the other server or choose another port with --port <n>.`
        : `Not allowed to listen on ${where}: choose a port above 1023 with --port <n>.`,
    );
    process.exit(1);
  }
  console.error(error);
  process.exit(1);
}
