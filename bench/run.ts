/**
 * `npm run bench [-- filter]`: runs every `bench/**\/*.bench.ts` in its own process, one after the
 * other (the machine is small; parallel benchmarks would measure each other). Each benchmark prints
 * its own figures and the ratios against the baseline it measures in the same run.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('.', import.meta.url).pathname;
const filter = process.argv[2];

function find(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'results' ? [] : find(path);
    return name.endsWith('.bench.ts') ? [path] : [];
  });
}

const files = find(root)
  .sort()
  .filter((file) => !filter || file.includes(filter));
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${relative(root, file)} ===`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', file], {
    stdio: 'inherit',
    env: process.env,
  });
  if (result.status !== 0) failed++;
}
console.log(`\n${files.length - failed} benchmarks ran, ${failed} failed`);
process.exit(failed ? 1 : 0);
