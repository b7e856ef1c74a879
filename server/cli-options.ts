import { parseArgs } from 'node:util';

export interface CliOptions {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly serveApp: boolean;
  readonly reset: boolean;
  readonly seed: boolean;
  readonly help: boolean;
}

export const USAGE = `Usage: npm run server -- [options]

Runs the local Supabase-compatible server (Auth, PostgREST, Storage, Realtime) and the built app.

Options:
  --port <n>            Port to listen on (default: env PORT, else 54321; 0 picks a free port)
  --host <addr>         Address to bind (default 127.0.0.1; 0.0.0.0 to serve the clinic network)
  --data-dir <dir>      Embedded database, stored files and JWT secret (default .data)
  --database-url <url>  Use this PostgreSQL server instead of the embedded database
                        (default: env DATABASE_URL)
  --no-app              Do not serve the built app (dist/) at /
  --reset               Start from an empty database and no stored files
  --no-seed             Do not load supabase/seed.sql into a new database
  -h, --help            Show this help

On start it prints a line beginning with "ready" and writes <data-dir>/local-supabase.json
with url, anon_key and service_role_key.`;

/** Thrown for a command line that cannot be understood; the message says why. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

export function parseCliOptions(argv: readonly string[], env: NodeJS.ProcessEnv): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        'database-url': { type: 'string' },
        'no-app': { type: 'boolean', default: false },
        reset: { type: 'boolean', default: false },
        'no-seed': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
  const portText = values.port ?? (env['PORT'] || '54321');
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535)
    throw new CliUsageError(`--port must be a number from 0 to 65535, got "${portText}"`);
  return {
    port,
    host: values.host ?? '127.0.0.1',
    dataDir: values['data-dir'] ?? '.data',
    databaseUrl: values['database-url'] ?? (env['DATABASE_URL'] || undefined),
    serveApp: !values['no-app'],
    reset: values.reset,
    seed: !values['no-seed'],
    help: values.help,
  };
}
