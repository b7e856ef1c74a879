/**
 * `npm start`: builds the app when `dist/` is missing or older than its sources, then runs the
 * local server with the app on one origin and prints where to go and how to sign in.
 * Accepts the same options as `npm run server` (e.g. `npm start -- --port 8080`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCliOptions, USAGE } from '../server/cli-options.ts';
import { exitOnStartupFailure, runServer } from '../server/run-server.ts';
import { demoLoginsText } from './demo-logins.ts';

const root = resolve(new URL('..', import.meta.url).pathname);
const dist = join(root, 'dist');
const SOURCES = ['src', 'workers', 'public', 'index.html', 'vite.config.ts', 'package.json'];

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(path).reduce(
    (newest, name) => Math.max(newest, newestChange(join(path, name))),
    info.mtimeMs,
  );
}

function buildIfStale(): void {
  const built = existsSync(join(dist, 'index.html')) ? statSync(join(dist, 'index.html')).mtimeMs : 0;
  const sources = Math.max(...SOURCES.map((name) => newestChange(join(root, name))));
  if (built >= sources) return;
  console.log(
    built === 0
      ? 'Building the app (first start)…'
      : 'Sources changed since the last build: rebuilding the app…',
  );
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'],
    { cwd: root, stdio: 'inherit' },
  );
  if (result.status !== 0) {
    console.error('vite build failed; see the output above');
    process.exit(1);
  }
}

try {
  const options = parseCliOptions(process.argv.slice(2), process.env);
  if (options.help) {
    console.log(USAGE);
  } else {
    if (options.serveApp) buildIfStale();
    const server = await runServer(options, dist);
    console.log(`
  Clinic app:  ${server.url}/
  API URL:     ${server.url}
  Anon key:    ${server.anonKey}

${demoLoginsText()}

  Press Ctrl+C to stop.`);
  }
} catch (error) {
  exitOnStartupFailure(error);
}
