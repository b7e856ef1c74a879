import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliUsageError, parseCliOptions } from '../../server/cli-options.ts';

const root = resolve(new URL('../..', import.meta.url).pathname);
const children: ChildProcess[] = [];

/** Runs `server/main.ts` with tsx; resolves with the first line starting `ready`, or the exit code. */
function runMain(args: string[]): {
  child: ChildProcess;
  ready: Promise<string>;
  exited: Promise<{ code: number | null; output: string }>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server', 'main.ts'), ...args], {
    cwd: root,
    env: { ...process.env, PORT: '' },
  });
  children.push(child);
  let output = '';
  const ready = new Promise<string>((resolveReady, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('ready'));
      if (line) resolveReady(line);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', () => reject(new Error(`exited before ready:\n${output}`)));
  });
  ready.catch(() => undefined);
  const exited = new Promise<{ code: number | null; output: string }>((resolveExit) =>
    child.once('exit', (code) => resolveExit({ code, output })),
  );
  return { child, ready, exited };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await exited;
}

afterAll(async () => {
  for (const child of children) await stop(child);
});

describe('command line options', () => {
  it('reads flags and falls back to PORT and DATABASE_URL', () => {
    expect(
      parseCliOptions(['--port', '8080', '--data-dir', '/tmp/x', '--no-app', '--reset'], {}),
    ).toMatchObject({
      port: 8080,
      dataDir: '/tmp/x',
      serveApp: false,
      reset: true,
      seed: true,
      databaseUrl: undefined,
    });
    expect(parseCliOptions([], { PORT: '9000', DATABASE_URL: 'postgres://x/y' })).toMatchObject({
      port: 9000,
      databaseUrl: 'postgres://x/y',
      dataDir: '.data',
      serveApp: true,
    });
    expect(parseCliOptions([], {}).port).toBe(54321);
  });

  it('rejects unknown flags and bad ports with a usage error', () => {
    expect(() => parseCliOptions(['--bogus'], {})).toThrow(CliUsageError);
    expect(() => parseCliOptions(['--port', 'abc'], {})).toThrow(/--port/);
    expect(() => parseCliOptions(['--port', '70000'], {})).toThrow(CliUsageError);
  });
});

describe('npm run server', () => {
  it('documents its options with --help and exits 0', async () => {
    const { exited } = runMain(['--help']);
    const { code, output } = await exited;
    expect(code).toBe(0);
    for (const flag of ['--port', '--data-dir', '--database-url', '--no-app', '--reset'])
      expect(output).toContain(flag);
  });

  it('exits 2 with the usage on a bad flag', async () => {
    const { code, output } = await runMain(['--port', 'nope']).exited;
    expect(code).toBe(2);
    expect(output).toContain('Usage');
  });

  it('prints ready, writes local-supabase.json, and keeps keys and data across a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'server-cli-'));
    try {
      const first = runMain(['--port', '0', '--data-dir', dataDir, '--no-app', '--no-seed']);
      const line = await first.ready;
      const info = JSON.parse(await readFile(join(dataDir, 'local-supabase.json'), 'utf8')) as {
        url: string;
        anon_key: string;
        service_role_key: string;
      };
      expect(line).toContain(info.url);
      expect((await fetch(`${info.url}/health`)).status).toBe(200);
      const created = await fetch(`${info.url}/auth/v1/admin/users`, {
        method: 'POST',
        headers: {
          apikey: info.service_role_key,
          authorization: `Bearer ${info.service_role_key}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          email: 'persist@clinica.example',
          password: 'persist-pw',
          email_confirm: true,
        }),
      });
      expect(created.status).toBe(200);
      await stop(first.child);

      const second = runMain(['--port', '0', '--data-dir', dataDir, '--no-app']);
      await second.ready;
      const again = JSON.parse(await readFile(join(dataDir, 'local-supabase.json'), 'utf8')) as typeof info;
      expect(again.anon_key).toBe(info.anon_key);
      const signIn = await fetch(`${again.url}/auth/v1/token?grant_type=password`, {
        method: 'POST',
        headers: { apikey: again.anon_key, 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'persist@clinica.example', password: 'persist-pw' }),
      });
      expect(signIn.status).toBe(200);
      await stop(second.child);

      const reset = runMain(['--port', '0', '--data-dir', dataDir, '--no-app', '--reset', '--no-seed']);
      await reset.ready;
      const afterReset = JSON.parse(
        await readFile(join(dataDir, 'local-supabase.json'), 'utf8'),
      ) as typeof info;
      const gone = await fetch(`${afterReset.url}/auth/v1/token?grant_type=password`, {
        method: 'POST',
        headers: { apikey: afterReset.anon_key, 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'persist@clinica.example', password: 'persist-pw' }),
      });
      expect(gone.status).toBe(400);
      await stop(reset.child);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('creates a data dir that does not exist yet, with its parents', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'server-cli-'));
    const dataDir = join(parent, 'not', 'yet', 'there');
    try {
      const server = runMain(['--port', '0', '--data-dir', dataDir, '--no-app', '--no-seed']);
      expect(await server.ready).toContain(dataDir);
      const info = JSON.parse(await readFile(join(dataDir, 'local-supabase.json'), 'utf8')) as {
        url: string;
      };
      expect((await fetch(`${info.url}/health`)).status).toBe(200);
      // Patient data and the signing secret: the new folder is its owner's alone.
      expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
      await stop(server.child);
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  }, 120_000);

  it('says which path is in the way when the data dir cannot be created, and exits 1', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'server-cli-'));
    const file = join(parent, 'a-file');
    await writeFile(file, 'not a folder');
    try {
      const { code, output } = await runMain(['--data-dir', join(file, 'data'), '--no-app']).exited;
      expect(code).toBe(1);
      expect(output).toContain(`Cannot create the data directory ${join(file, 'data')}`);
      expect(output).toContain(`${file} is a file, not a folder`);
      expect(output).toContain('--data-dir');
      expect(output).not.toMatch(/^\s+at /m);
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });

  it('says the port is taken instead of crashing, and exits 1', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'server-cli-'));
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
    const port = (taken.address() as { port: number }).port;
    try {
      const { code, output } = await runMain([
        '--port',
        String(port),
        '--data-dir',
        join(parent, 'data'),
        '--no-app',
        '--no-seed',
      ]).exited;
      expect(code).toBe(1);
      expect(output).toContain(`Port ${port} is already in use`);
      expect(output).not.toMatch(/^\s+at /m);
    } finally {
      await new Promise((done) => taken.close(done));
      await rm(parent, { recursive: true, force: true });
    }
  }, 120_000);
});
