/**
 * `npm run seed:remote -- --url https://<ref>.supabase.co --service-key <service_role key>`:
 * loads the demo clinic of `supabase/seed.sql` into a Supabase project whose schema was pushed
 * (`supabase db push`), through its APIs: staff through the Auth admin API, rows through
 * PostgREST. Safe to run again: it adds only what is missing. `--help` lists the options.
 */
import { parseArgs } from 'node:util';
import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { syncedTableNames } from '../src/core/schema/clinic-tables.ts';
import { buildDemoClinic } from './demo-clinic.ts';
import { DEMO_PASSWORD, demoLoginsText } from './demo-logins.ts';
import { checkProject, RemoteSeedError, seedProject } from './remote-seed.ts';

const USAGE = `Usage: npm run seed:remote -- --url <project url> --service-key <key> [options]

Loads the demo clinic (supabase/seed.sql) into a Supabase project through its APIs.
Push the schema first: supabase db push.

Options:
  --url <url>           The project's URL, e.g. https://<ref>.supabase.co (default: env SUPABASE_URL)
  --service-key <key>   The project's service_role key (default: env SUPABASE_SERVICE_ROLE_KEY)
  --seed-file <path>    Another seed to load (default: supabase/seed.sql)
  --dry-run             Check the project and build the data, write nothing
  -h, --help            Show this help`;

class UsageError extends Error {}

function readOptions(argv: string[], env: NodeJS.ProcessEnv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        url: { type: 'string' },
        'service-key': { type: 'string' },
        'seed-file': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const url = values.url ?? env['SUPABASE_URL'];
  const serviceKey = values['service-key'] ?? env['SUPABASE_SERVICE_ROLE_KEY'];
  if (!values.help) {
    if (!url || !/^https?:\/\/[^/]+/.test(url))
      throw new UsageError('--url must be the project URL (http:// or https://)');
    if (!serviceKey) throw new UsageError('--service-key is required (or env SUPABASE_SERVICE_ROLE_KEY)');
  }
  return {
    url: url?.replace(/\/+$/, ''),
    serviceKey,
    seedFile: values['seed-file'],
    dryRun: values['dry-run'],
    help: values.help,
  };
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2), process.env);
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const client = createClient(options.url!, options.serviceKey!, {
    auth: { persistSession: false, autoRefreshToken: false },
    db: { retry: false } as never,
    realtime: { transport: WebSocket as never },
  });
  console.log(`Seeding the demo clinic into ${options.url}`);
  // Before the data is built (some seconds) and before anything is written.
  const present = await checkProject(client, syncedTableNames);
  console.log(
    `  the project takes the service_role key and has the ${syncedTableNames.length} synced tables`,
  );
  console.log(`  building the demo data from ${options.seedFile ?? 'supabase/seed.sql'}…`);
  const clinic = await buildDemoClinic(options.seedFile ? { seedFile: options.seedFile } : {});
  const rows = clinic.tables.reduce((sum, table) => sum + table.rows.length, 0);
  console.log(`  ${clinic.staff.length} staff logins, ${rows} rows in ${clinic.tables.length} tables`);
  if (options.dryRun) {
    for (const table of clinic.tables)
      console.log(
        `  ${table.name.padEnd(24)} ${String(table.rows.length).padStart(5)} rows (project has ${present.get(table.name)})`,
      );
    console.log('Dry run: nothing written.');
    return;
  }
  const outcome = await seedProject(client, clinic, (line) => console.log(`  ${line}`));
  const added = outcome.tables.reduce((sum, table) => sum + table.added, 0);
  console.log(
    `Done: ${outcome.staffCreated.length} logins created, ${added} rows added` +
      (added < rows ? ` (${rows - added} were already there)` : ''),
  );
  const admin = clinic.staff.find((person) => person.hasDemoPassword);
  if (admin) {
    // The proof that matters: a demo login signs in on the project.
    const signIn = createClient(options.url!, options.serviceKey!, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: WebSocket as never },
    });
    const { error } = await signIn.auth.signInWithPassword({ email: admin.email, password: DEMO_PASSWORD });
    if (error) throw new RemoteSeedError(`signing in as ${admin.email} failed: ${error.message}`);
    console.log(`  signed in as ${admin.email}\n\n${demoLoginsText()}`);
  }
}

try {
  await main();
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (error instanceof RemoteSeedError) {
    console.error(`Seeding failed: ${error.message}.`);
    process.exit(1);
  }
  console.error(error);
  process.exit(1);
}
