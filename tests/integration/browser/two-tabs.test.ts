import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalServer, type LocalServer } from '../../../server/local-server.ts';
import { signIn } from '../../support/sync-client.ts';
import { chromiumLaunchOptions } from '../../support/chromium-options.ts';
import { buildHarness, serveFolder } from './build-harness.ts';

/**
 * Real Chromium, real IndexedDB, real module workers and Web Locks: two tabs of one profile run
 * one sync worker each; exactly one leads; both see synced changes; when the leader's tab closes
 * the other takes over and keeps syncing.
 */
let server: LocalServer;
let site: { url: string; close(): Promise<void> };
let context: BrowserContext;
let profileDir: string;

beforeAll(async () => {
  server = await startLocalServer({});
  site = await serveFolder(await buildHarness());
  profileDir = await mkdtemp(join(tmpdir(), 'engine-chromium-'));
  // A fresh profile: the two tabs share its IndexedDB, Web Locks and BroadcastChannel.
  context = await chromium.launchPersistentContext(profileDir, chromiumLaunchOptions());
});
afterAll(async () => {
  await context?.close();
  await site?.close();
  await server?.close();
  if (profileDir) await rm(profileDir, { recursive: true, force: true });
});

async function openTab(page: Page, query: string): Promise<void> {
  await page.goto(`${site.url}/?${query}`);
  await page.waitForFunction(
    () => window.harness !== undefined || window.harnessError !== undefined,
    undefined,
    { timeout: 30_000 },
  );
  const error = await page.evaluate(() => window.harnessError ?? null);
  if (error) throw new Error(`harness failed: ${error}`);
}

const leaderOf = (page: Page): Promise<boolean> =>
  page.evaluate(async () => (await window.harness!.status()).leader);

async function eventually(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('two tabs in Chromium', () => {
  it('one leader, both see changes, takeover when the leader closes', async () => {
    const token = await signIn(server);
    const query = new URLSearchParams({
      url: server.url,
      key: server.anonKey,
      token,
      db: 'clinic-two-tabs',
    }).toString();
    const first = await context.newPage();
    const second = await context.newPage();
    await openTab(first, query);
    await openTab(second, query);
    await eventually(async () => (await leaderOf(first)) !== (await leaderOf(second)));
    const [leader, follower] = (await leaderOf(first)) ? [first, second] : [second, first];

    // A change made on the server by another device reaches both tabs.
    const fromElsewhere = crypto.randomUUID();
    await server.db.query(
      `insert into patients (id, full_name) values ($1, 'Cadastrado em outro aparelho')`,
      [fromElsewhere],
    );
    for (const tab of [leader, follower]) {
      await eventually(
        async () =>
          (await tab.evaluate((id) => window.harness!.fullName(id), fromElsewhere)) ===
          'Cadastrado em outro aparelho',
      );
    }

    // A write in the follower tab is pushed by the leader's worker.
    const written = crypto.randomUUID();
    expect(
      await follower.evaluate((id) => window.harness!.insertPatient(id, 'Escrito na aba seguidora'), written),
    ).toBe(true);
    await eventually(async () => (await leader.evaluate((id) => window.harness!.rev(id), written)) > 0);

    await leader.close();
    await eventually(() => leaderOf(follower));
    const afterTakeover = crypto.randomUUID();
    expect(
      await follower.evaluate(
        (id) => window.harness!.insertPatient(id, 'Depois da troca de líder'),
        afterTakeover,
      ),
    ).toBe(true);
    await eventually(
      async () => (await follower.evaluate((id) => window.harness!.rev(id), afterTakeover)) > 0,
    );
    const { rows } = await server.db.query(
      'select count(*)::int as n from patients where id = any($1::uuid[])',
      [[written, afterTakeover]],
    );
    expect(rows).toEqual([{ n: 2 }]);
  });
});
