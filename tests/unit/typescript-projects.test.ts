import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The root `tsconfig.json` is what editors and `tsc -b` (so `npm run typecheck`) read: it must
 * reference every sub-project, and together they must cover every TypeScript file of the
 * repository, or a file would be checked with default settings or not at all.
 */
const root = resolve(new URL('../..', import.meta.url).pathname);

function readConfig(path: string): { references?: { path: string }[] } {
  const read = ts.readConfigFile(path, ts.sys.readFile);
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  return read.config as { references?: { path: string }[] };
}

function referencedProjects(): string[] {
  return (readConfig(join(root, 'tsconfig.json')).references ?? []).map((reference) => {
    const target = resolve(root, reference.path);
    return target.endsWith('.json') ? target : join(target, 'tsconfig.json');
  });
}

function filesOf(project: string): string[] {
  const parsed = ts.parseJsonConfigFileContent(
    ts.readConfigFile(project, ts.sys.readFile).config,
    ts.sys,
    dirname(project),
  );
  return parsed.fileNames.map((file) => relative(root, file));
}

const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\n')
  .filter(Boolean);

describe('the root tsconfig.json', () => {
  it('is a solution file: no files of its own, only references', () => {
    const config = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')) as Record<string, unknown>;
    expect(config['files']).toEqual([]);
    expect(config['include']).toBeUndefined();
  });

  it('references every tsconfig of the repository but the shared base', () => {
    const projects = tracked
      .filter((file) => /(^|\/)tsconfig(\.[\w-]+)?\.json$/.test(file))
      .filter((file) => file !== 'tsconfig.json' && file !== 'tsconfig.base.json')
      .map((file) => join(root, file))
      .sort();
    expect(referencedProjects().sort()).toEqual(projects);
  });

  it('reaches every TypeScript file through some referenced project', () => {
    const covered = new Set(referencedProjects().flatMap(filesOf));
    const typescriptFiles = tracked.filter((file) => /\.(ts|tsx|mts|cts)$/.test(file));
    expect(typescriptFiles.length).toBeGreaterThan(100);
    expect(typescriptFiles.filter((file) => !covered.has(file))).toEqual([]);
  });

  it('is what npm run typecheck builds', () => {
    const scripts = (
      JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    expect(scripts['typecheck']).toBe('tsc -b');
  });
});
