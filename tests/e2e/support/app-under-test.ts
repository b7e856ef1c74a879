import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startLocalServer, type LocalServer } from '../../../server/local-server.ts';
import { launchChromium } from './chromium.ts';

export const projectRoot = resolve(new URL('../../..', import.meta.url).pathname);
export const artifactsDir = join(projectRoot, 'test-artifacts');
export const demoPassword = 'clinica-demo-2026';

let builtAppDir: string | undefined;

/**
 * Builds the PWA exactly as shipped (no VITE_SUPABASE_* env, so the app must find its backend
 * through /app-config.json on the same origin), once per process, into a folder of its own: test
 * runs and benchmarks started at the same time never serve each other's half-written dist/.
 */
export function buildApp(buildId = 'e2e-1'): string {
  if (builtAppDir) return builtAppDir;
  const outDir = mkdtempSync(join(tmpdir(), 'clinica-app-'));
  process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
  viteBuild(outDir, buildId);
  builtAppDir = outDir;
  return outDir;
}

/** Builds a new version of the app over the one being served (to test the update prompt). */
export function rebuildApp(buildId: string): void {
  if (!builtAppDir) throw new Error('rebuildApp before buildApp');
  viteBuild(builtAppDir, buildId);
}

function viteBuild(outDir: string, buildId: string): void {
  const env: NodeJS.ProcessEnv = { ...process.env, VITE_BUILD_ID: buildId };
  delete env['VITE_SUPABASE_URL'];
  delete env['VITE_SUPABASE_ANON_KEY'];
  // Vitest sets NODE_ENV=test, which would make Vite build a development bundle (no service worker).
  env['NODE_ENV'] = 'production';
  execFileSync(
    join(projectRoot, 'node_modules/.bin/vite'),
    ['build', '--logLevel', 'warn', '--outDir', outDir],
    { cwd: projectRoot, env, stdio: 'pipe' },
  );
}

export interface AppUnderTest {
  readonly server: LocalServer;
  readonly browser: Browser;
  /** A fresh browser profile (empty IndexedDB, no service worker) pointed at the app. */
  newContext(): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** The local server on a random port with its own data folder, serving the build above (or dist/), and one Chromium. */
export async function startAppUnderTest(): Promise<AppUnderTest> {
  const dataDir = await mkdtemp(join(tmpdir(), 'clinica-e2e-'));
  const server = await startLocalServer({
    port: 0,
    serveApp: true,
    dataDir,
    ...(builtAppDir ? { appDir: builtAppDir } : {}),
  });
  const browser = await launchChromium();
  await mkdir(artifactsDir, { recursive: true });
  return {
    server,
    browser,
    newContext: () =>
      browser.newContext({
        baseURL: server.url,
        locale: 'pt-BR',
        timezoneId: 'America/Sao_Paulo',
        viewport: { width: 1280, height: 860 },
      }),
    async close() {
      await browser.close();
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel(/e-mail/i).fill(email);
  await page.getByLabel(/senha/i).fill(demoPassword);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.getByTestId('sync-indicator').waitFor();
}

/**
 * Waits until the service worker controls the page (the app shell is cached for offline use).
 * The worker claims open pages when it activates; a page that still has no controller once the
 * worker is active (seen under a loaded machine) is reloaded, as a person would, which puts it
 * under the active worker.
 */
export async function waitForOfflineReady(page: Page): Promise<void> {
  const controlled = async (timeout: number): Promise<boolean> => {
    await page.evaluate(() => navigator.serviceWorker.ready);
    return page
      .waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', undefined, {
        timeout,
        polling: 100,
      })
      .then(
        () => true,
        () => false,
      );
  };
  if (await controlled(10_000)) return;
  await page.reload();
  if (!(await controlled(20_000))) throw new Error('the service worker never took control of the page');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });
}

/** The page's outbox, conflicts and audit log as JSON (for failure messages). */
export async function dumpSyncStores(page: Page): Promise<string> {
  // A string, so that the test runner's transpiler adds nothing the page cannot run.
  return page.evaluate(`(async () => {
    const open = indexedDB.open('clinica');
    const db = await new Promise((ok, fail) => { open.onsuccess = () => ok(open.result); open.onerror = () => fail(open.error); });
    const all = (store) => new Promise((ok) => { const r = db.transaction(store).objectStore(store).getAll(); r.onsuccess = () => ok(r.result); });
    const out = { outbox: await all('outbox'), conflicts: await all('conflicts'), audit: await all('audit'), sync_state: await all('sync_state') };
    db.close();
    return JSON.stringify(out);
  })()`);
}
