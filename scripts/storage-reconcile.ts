/**
 * `npm run storage:reconcile -- [--dry-run] [--config <local-supabase.json>]`
 *
 * Lists the `clinic-files` bucket with the service role, compares it with the `files` rows and
 * (without --dry-run) adds rows for objects that have none and marks rows whose object is
 * missing. Prints one line per decision and the summary, e.g.
 * `Found 156 objects in bucket / 150 active rows / added 8 / marked missing 2`.
 * Credentials: SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY, else the file the local server writes
 * (`.data/local-supabase.json` by default). Exit code 0 when done, 1 when a step failed, 2 on
 * bad usage, so a scheduler can alert.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { createClient } from '@supabase/supabase-js';
import { clinicFilesBucket } from '../src/core/files/object-path.ts';
import { createSupabaseFileStorage } from '../src/engine/files/supabase-file-storage.ts';
import { createServerFileRows } from '../src/engine/files/server-file-rows.ts';
import { reconcileStorage } from '../src/engine/files/reconcile-storage.ts';

const USAGE = `usage: npm run storage:reconcile -- [--dry-run] [--config <path to local-supabase.json>]`;

async function credentials(configPath: string): Promise<{ url: string; serviceRoleKey: string }> {
  const url = process.env['SUPABASE_URL'];
  const serviceRoleKey = process.env['SUPABASE_SERVICE_ROLE_KEY'];
  if (url && serviceRoleKey) return { url, serviceRoleKey };
  let text: string;
  try {
    text = await readFile(configPath, 'utf8');
  } catch {
    throw new Error(
      `no SUPABASE_URL / SUPABASE_SERVICE_ROLE_KEY and no ${configPath} (start the local server, or pass --config)`,
    );
  }
  const info = JSON.parse(text) as { url?: unknown; service_role_key?: unknown };
  if (typeof info.url !== 'string' || typeof info.service_role_key !== 'string')
    throw new Error(`${configPath} has no url or service_role_key`);
  return { url: info.url, serviceRoleKey: info.service_role_key };
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        'dry-run': { type: 'boolean', default: false },
        config: { type: 'string', default: '.data/local-supabase.json' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  const { url, serviceRoleKey } = await credentials(args.values.config);
  const client = createClient(url, serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
  });
  const dryRun = args.values['dry-run'];
  const outcome = await reconcileStorage({
    storage: createSupabaseFileStorage(client, clinicFilesBucket),
    rows: createServerFileRows(client),
    dryRun,
  });
  if (outcome.kind !== 'ok') {
    console.error(`storage:reconcile failed to ${outcome.step}: ${outcome.kind}: ${outcome.message}`);
    return 1;
  }
  for (const line of outcome.lines) console.log(line);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`storage:reconcile: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
