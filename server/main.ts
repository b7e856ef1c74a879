/** `npm run server -- [options]`: the local Supabase-compatible server. `--help` lists the options. */
import { resolve } from 'node:path';
import { parseCliOptions, USAGE } from './cli-options.ts';
import { exitOnStartupFailure, runServer } from './run-server.ts';

const projectRoot = resolve(new URL('..', import.meta.url).pathname);

try {
  const options = parseCliOptions(process.argv.slice(2), process.env);
  if (options.help) {
    console.log(USAGE);
  } else {
    await runServer(options, resolve(projectRoot, 'dist'));
  }
} catch (error) {
  exitOnStartupFailure(error);
}
