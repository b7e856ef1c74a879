import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import {
  buildApp,
  signIn,
  startAppUnderTest,
  waitForOfflineReady,
  type AppUnderTest,
} from './support/app-under-test.ts';

let app: AppUnderTest;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  buildApp();
  app = await startAppUnderTest();
  context = await app.newContext();
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
});

afterAll(async () => {
  await app?.close();
});

interface RegistrationUpdated {
  registrations: { registrationId: string; scopeURL: string; isDeleted: boolean }[];
}

describe('Background Sync', () => {
  it('pushes an edit made offline after the tab is closed, from the service worker alone', async () => {
    await signIn(page, 'enfermeiro@clinica.example');
    // Doctors and nurses start on their day; this test works on the patient list.
    await page.getByRole('link', { name: 'Pacientes', exact: true }).click();
    await page.getByTestId('patient-row').first().waitFor({ timeout: 30_000 });
    await waitForOfflineReady(page);
    await context.setOffline(true);
    await page.getByRole('link', { name: /Novo paciente/ }).click();
    await page.getByLabel('Nome completo').fill('Bruno Background Sync');
    await page.getByTestId('patient-save').click();
    await page.getByTestId('patient-detail').waitFor();
    expect(Number(await page.getByTestId('sync-pending').getAttribute('data-count'))).toBe(1);

    // No tab of the app is left, so no sync worker: only the service worker can push now.
    const blank = await context.newPage();
    await page.close();
    await context.setOffline(false);
    const cdp = await context.newCDPSession(blank);
    const registrationId = new Promise<string>((resolve) => {
      cdp.on('ServiceWorker.workerRegistrationUpdated', (event: RegistrationUpdated) => {
        const found = event.registrations.find((r) => r.scopeURL.startsWith(app.server.url) && !r.isDeleted);
        if (found) resolve(found.registrationId);
      });
    });
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.dispatchSyncEvent', {
      origin: app.server.url,
      registrationId: await registrationId,
      tag: 'clinic-outbox-push',
      lastChance: false,
    });
    const onServer = async () =>
      (
        await app.server.db.query<{ n: number }>(
          "select count(*)::int as n from patients where full_name = 'Bruno Background Sync'",
        )
      ).rows[0]?.n;
    await expect.poll(onServer, { timeout: 20_000 }).toBe(1);
  });
});
