import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  buildApp,
  rebuildApp,
  screenshot,
  signIn,
  startAppUnderTest,
  waitForOfflineReady,
  type AppUnderTest,
} from './support/app-under-test.ts';

let app: AppUnderTest;
let page: Page;

beforeAll(async () => {
  buildApp('e2e-1');
  app = await startAppUnderTest();
  const context = await app.newContext();
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
});

afterAll(async () => {
  await app?.close();
});

describe('a new version of the app', () => {
  it('waits for the user: "nova versão disponível — recarregar" swaps it in and reloads', async () => {
    await signIn(page, 'recepcao@clinica.example');
    await waitForOfflineReady(page);
    await page.getByRole('link', { name: 'Configurações', exact: true }).click();
    expect(await page.getByTestId('app-build').textContent()).toContain('e2e-1');

    rebuildApp('e2e-2');
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())?.update();
    });
    const prompt = page.getByRole('button', { name: 'Nova versão disponível — recarregar' });
    await prompt.waitFor();
    // Until accepted, the running version stays.
    expect(await page.getByTestId('app-build').textContent()).toContain('e2e-1');
    await screenshot(page, 'update-prompt');
    await prompt.click();
    await expect
      .poll(() => page.getByTestId('app-build').textContent(), { timeout: 20_000 })
      .toContain('e2e-2');
  });
});
