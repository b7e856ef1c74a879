/**
 * The README's first command, proven: runs the real `npm start` in this checkout on a data dir
 * that does not exist yet, waits for `ready`, signs a demo login in over HTTP, reads a row as that
 * login, loads `/` and the web app manifest it links, then stops the server with Ctrl+C (SIGINT)
 * and expects it to exit cleanly. Exits 1, with the server's output, at the first thing that fails.
 *
 * On a clean checkout there is no `.data/`, so the command runs exactly as the README gives it and
 * the folder is removed afterwards; where `.data/` exists (a developer's checkout) it is left alone
 * and a new nested folder under the system's temporary directory is used instead.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEMO_LOGINS, DEMO_PASSWORD } from './demo-logins.ts';

const root = resolve(new URL('..', import.meta.url).pathname);
const READY_TIMEOUT_MS = 10 * 60_000;
const STOP_TIMEOUT_MS = 30_000;

class CheckFailed extends Error {}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as { port: number };
  await new Promise((done) => probe.close(done));
  return port;
}

async function expectOk(response: Response, what: string): Promise<Response> {
  if (!response.ok) throw new CheckFailed(`${what}: HTTP ${response.status} ${await response.text()}`);
  return response;
}

async function main(): Promise<void> {
  const defaultDataDir = join(root, '.data');
  const useDefault = !existsSync(defaultDataDir);
  const scratch = useDefault ? undefined : await mkdtemp(join(tmpdir(), 'first-run-'));
  const dataDir = scratch ? join(scratch, 'not', 'yet', 'there') : defaultDataDir;
  const args = ['start', ...(scratch ? ['--', '--data-dir', dataDir] : [])];
  try {
    console.log(`first run: npm ${args.join(' ')} on a data dir that does not exist yet (${dataDir})`);
    await startSignInAndStop(args);
    // Ctrl+C must have left the database whole: the next start finds the clinic where it was.
    console.log('first run: npm start again on the same data dir');
    await startSignInAndStop(args);
  } catch (error) {
    console.error(`first run FAILED: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  } finally {
    await rm(scratch ?? defaultDataDir, { recursive: true, force: true });
  }
}

async function startSignInAndStop(args: string[]): Promise<void> {
  const port = await freePort();
  const started = Date.now();
  // Its own process group, so that Ctrl+C reaches npm and everything it started, as in a terminal.
  const child = spawn('npm', args, {
    cwd: root,
    // As on a new machine: the embedded database, whatever DATABASE_URL this shell may have.
    env: { ...withoutDatabaseUrl(process.env), PORT: String(port) },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => (output += chunk.toString());
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  try {
    const url = await new Promise<string>((done, fail) => {
      const timer = setTimeout(() => fail(new CheckFailed('no "ready" line in time')), READY_TIMEOUT_MS);
      child.stdout.on('data', () => {
        const line = output.split('\n').find((text) => text.startsWith('ready '));
        if (line) {
          clearTimeout(timer);
          done(line.split(' ')[1]!);
        }
      });
      void exited.then(({ code, signal }) => {
        clearTimeout(timer);
        fail(new CheckFailed(`npm start ended (${signal ?? code}) before it was ready`));
      });
    });
    console.log(`first run: ready at ${url} after ${Math.round((Date.now() - started) / 1000)} s`);
    await signInAndLoadTheApp(url);

    process.kill(-child.pid!, 'SIGINT');
    const ended = await Promise.race([
      exited,
      new Promise<'timeout'>((done) => setTimeout(() => done('timeout'), STOP_TIMEOUT_MS)),
    ]);
    if (ended === 'timeout') throw new CheckFailed('npm start did not stop on Ctrl+C');
    // npm itself ends by the signal, as in a terminal; the server must have ended cleanly before.
    if (!(ended.code === 0 || ended.code === 130 || ended.signal === 'SIGINT'))
      throw new CheckFailed(`npm start ended with ${ended.signal ?? ended.code} on Ctrl+C`);
    if (await listening(port)) throw new CheckFailed(`port ${port} still answers after Ctrl+C`);
    console.log('first run: stopped on Ctrl+C');
  } catch (error) {
    if (error instanceof CheckFailed) error.message += `\n--- npm start output ---\n${output}`;
    throw error;
  } finally {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // The group is gone already.
    }
    await exited;
  }
}

async function signInAndLoadTheApp(url: string): Promise<void> {
  const config = (await (
    await expectOk(await fetch(`${url}/app-config.json`), 'GET /app-config.json')
  ).json()) as { supabaseUrl: string; anonKey: string };
  const [email] = DEMO_LOGINS[0];
  const session = (await (
    await expectOk(
      await fetch(`${url}/auth/v1/token?grant_type=password`, {
        method: 'POST',
        headers: { apikey: config.anonKey, 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: DEMO_PASSWORD }),
      }),
      `signing in as ${email}`,
    )
  ).json()) as { access_token: string; user: { email: string } };
  if (session.user.email !== email) throw new CheckFailed(`signed in as ${session.user.email}, not ${email}`);
  const authorized = { apikey: config.anonKey, authorization: `Bearer ${session.access_token}` };
  const patients = (await (
    await expectOk(
      await fetch(`${url}/rest/v1/patients?select=id&limit=1`, { headers: authorized }),
      'reading patients',
    )
  ).json()) as unknown[];
  if (patients.length !== 1)
    throw new CheckFailed(`the signed-in ${email} reads no patient: was the demo clinic seeded?`);
  console.log(`first run: signed in as ${email} and read a patient`);

  const page = await expectOk(await fetch(`${url}/`), 'GET /');
  const html = await page.text();
  if (!page.headers.get('content-type')?.startsWith('text/html'))
    throw new CheckFailed('/ is not an HTML page');
  const manifestHref =
    /<link[^>]+rel="manifest"[^>]+href="([^"]+)"/.exec(html)?.[1] ??
    /<link[^>]+href="([^"]+)"[^>]+rel="manifest"/.exec(html)?.[1];
  if (!manifestHref) throw new CheckFailed('/ links no web app manifest');
  const manifestUrl = new URL(manifestHref, `${url}/`);
  const manifest = (await (
    await expectOk(await fetch(manifestUrl), `GET ${manifestUrl.pathname}`)
  ).json()) as { name?: string; start_url?: string; icons?: { src: string }[] };
  if (!manifest.name || !manifest.start_url || !manifest.icons?.length)
    throw new CheckFailed(`the manifest lacks a name, start_url or icons: ${JSON.stringify(manifest)}`);
  await expectOk(await fetch(new URL(manifest.icons[0]!.src, manifestUrl)), "the manifest's first icon");
  console.log(`first run: / and ${manifestUrl.pathname} ("${manifest.name}") served`);
}

function withoutDatabaseUrl(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, ...rest } = env;
  return rest;
}

function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

await main();
