/**
 * Offline cold start of the app shell to interactive (target: < 1.5 s).
 *
 * A signed-in profile whose service worker holds the app shell and whose IndexedDB holds the
 * clinic's copy goes offline; each run opens a new tab on /patients and stops the clock when the
 * first patient row is on screen (shell from the service worker, data from IndexedDB, JS parsed
 * and executed, React rendered). Baseline in the same run: the same start online with service
 * workers blocked, every file from the local server over loopback HTTP.
 */
import type { BrowserContext } from 'playwright-core';
import {
  buildApp,
  signIn,
  startAppUnderTest,
  waitForOfflineReady,
} from '../../tests/e2e/support/app-under-test.ts';

const runs = 7;

async function coldStarts(context: BrowserContext): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const page = await context.newPage();
    const start = performance.now();
    await page.goto('/patients');
    await page.getByTestId('patient-row').first().waitFor({ timeout: 30_000 });
    times.push(performance.now() - start);
    await page.close();
  }
  return times.sort((a, b) => a - b);
}

const median = (sorted: readonly number[]) => sorted[Math.floor(sorted.length / 2)] ?? 0;

buildApp();
const app = await startAppUnderTest();
try {
  const offline = await app.newContext();
  const first = await offline.newPage();
  await signIn(first, 'recepcao@clinica.example');
  await waitForOfflineReady(first);
  await first.getByTestId('patient-row').first().waitFor({ timeout: 60_000 });
  await first.close();
  await offline.setOffline(true);
  const offlineTimes = await coldStarts(offline);

  const online = await app.browser.newContext({
    baseURL: app.server.url,
    locale: 'pt-BR',
    serviceWorkers: 'block',
  });
  const page = await online.newPage();
  await signIn(page, 'recepcao@clinica.example');
  await page.getByTestId('patient-row').first().waitFor({ timeout: 60_000 });
  await page.close();
  const onlineTimes = await coldStarts(online);

  const fmt = (times: readonly number[]) =>
    `median ${median(times).toFixed(0)} ms, min ${times[0]?.toFixed(0)} ms, max ${times[times.length - 1]?.toFixed(0)} ms`;
  console.log(`runs: ${runs} each, new tab on /patients until the first patient row is visible`);
  console.log(`offline, from the service worker + IndexedDB: ${fmt(offlineTimes)}`);
  console.log(`baseline, online without service worker:     ${fmt(onlineTimes)}`);
  console.log(
    `offline / online (median): ${(median(offlineTimes) / median(onlineTimes)).toFixed(2)}×; target < 1500 ms: ${median(offlineTimes) < 1500 ? 'met' : 'NOT met'}`,
  );
} finally {
  await app.close();
}
