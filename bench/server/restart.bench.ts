/**
 * Time from launching `npm run server` (server/main.ts under tsx) to its `ready` line, with an
 * existing data dir (goal < 8 s). Baseline, measured in the same run: the first start on an empty
 * data dir (baseline, migrations and seed run), so the ratio shows what a restart saves. Also
 * what the first `npm start` of a fresh clone adds: the production `vite build` (into a temporary
 * folder, so the project's dist/ is left alone).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { machine } from './bench-stats.ts';

const root = resolve(new URL('../..', import.meta.url).pathname);
const RESTARTS = 3;

function startToReady(dataDir: string): Promise<number> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'server', 'main.ts'), '--port', '0', '--data-dir', dataDir, '--no-app'],
    {
      cwd: root,
      env: { ...process.env, PORT: '', DATABASE_URL: '' },
    },
  );
  return new Promise((resolveReady, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.split('\n').some((line) => line.startsWith('ready'))) {
        const elapsed = performance.now() - started;
        child.once('exit', () => resolveReady(elapsed));
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      if (!output.includes('ready')) reject(new Error(`server exited (${code}) before ready:\n${output}`));
    });
  });
}

const dataDir = await mkdtemp(join(tmpdir(), 'restart-bench-'));
try {
  console.log(`restart to ready · ${machine()}`);
  const fresh = await startToReady(dataDir);
  const restarts: number[] = [];
  for (let i = 0; i < RESTARTS; i++) restarts.push(await startToReady(dataDir));
  const best = Math.min(...restarts);
  const worst = Math.max(...restarts);
  console.log(`  first start, empty data dir (baseline)  ${(fresh / 1000).toFixed(2)} s`);
  console.log(
    `  restart, existing data dir              best ${(best / 1000).toFixed(2)} s, worst ${(worst / 1000).toFixed(2)} s (${RESTARTS} runs)`,
  );
  console.log(`  ratio restart / first start             ${(worst / fresh).toFixed(2)}x`);
  console.log(`  goal < 8 s: ${worst < 8000 ? 'met' : 'NOT met'}`);
  const outDir = join(dataDir, 'dist');
  const buildStarted = performance.now();
  const build = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'error',
    ],
    { cwd: root },
  );
  const buildTime = performance.now() - buildStarted;
  if (build.status === 0) {
    console.log(
      `  first npm start of a fresh clone: vite build ${(buildTime / 1000).toFixed(2)} s + first start ${(fresh / 1000).toFixed(2)} s = ${((buildTime + fresh) / 1000).toFixed(2)} s`,
    );
  } else {
    console.log(
      `  vite build failed (${build.status}); first npm start not measured:\n${build.stderr.toString().slice(0, 2000)}`,
    );
  }
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
