import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import {
  buildApp,
  screenshot,
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
  page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  await app?.close();
});

const pendingCount = async () => Number(await page.getByTestId('sync-pending').getAttribute('data-count'));
const localDatabases = () => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));

describe('session and sign-out', () => {
  it('reopens offline on the last session and never wipes unsent edits without saying so', async () => {
    await signIn(page, 'enfermeiro@clinica.example');
    // Doctors and nurses start on their day; this test works on the patient list.
    await page.getByRole('link', { name: 'Pacientes', exact: true }).click();
    await page.getByTestId('patient-row').first().waitFor({ timeout: 30_000 });
    await waitForOfflineReady(page);
    await context.setOffline(true);
    await page.getByRole('link', { name: /Novo paciente/ }).click();
    await page.getByLabel('Nome completo').fill('Selma Sessão Offline');
    await page.getByTestId('patient-save').click();
    await page.getByTestId('patient-detail').waitFor();
    expect(await pendingCount()).toBe(1);

    await page.reload();
    await page.getByTestId('sync-indicator').waitFor();
    expect(await page.getByTestId('signed-in-user').textContent()).toContain('enfermeiro@clinica.example');

    await page.getByRole('button', { name: 'Sair' }).click();
    const dialog = page.getByTestId('sign-out-dialog');
    await dialog.waitFor();
    expect(await dialog.getByRole('alert').textContent()).toContain('1 alteração ainda não foi enviada');
    await dialog.getByRole('button', { name: 'Apagar os dados deste dispositivo' }).click();
    await dialog.getByRole('button', { name: /Apagar mesmo assim/ }).waitFor();
    await screenshot(page, 'sign-out-unsent-warning');
    await dialog.getByRole('button', { name: 'Cancelar' }).click();
    await page.getByTestId('sync-indicator').waitFor();
    expect(await pendingCount()).toBe(1);
  });

  it('keeps the data when asked, then wipes it when asked', async () => {
    await context.setOffline(false);
    await expect.poll(pendingCount, { timeout: 20_000 }).toBe(0);
    await page.getByRole('button', { name: 'Sair' }).click();
    await page
      .getByTestId('sign-out-dialog')
      .getByRole('button', { name: /Manter os dados/ })
      .click();
    await page.getByRole('button', { name: 'Entrar' }).waitFor();
    expect(await localDatabases()).toContain('clinica');

    await signIn(page, 'enfermeiro@clinica.example');
    // Doctors and nurses start on their day; this test works on the patient list.
    await page.getByRole('link', { name: 'Pacientes', exact: true }).click();
    await page.getByTestId('patient-search').fill('selma sessao');
    await expect.poll(() => page.getByTestId('patient-row').count()).toBe(1);
    await page.getByRole('button', { name: 'Sair' }).click();
    await page
      .getByTestId('sign-out-dialog')
      .getByRole('button', { name: 'Apagar os dados deste dispositivo' })
      .click();
    await page.getByRole('button', { name: 'Entrar' }).waitFor();
    // Deleting a database waits for every connection to it to close (the stopped sync worker's
    // too), which can take seconds on a loaded machine; the default poll gives up after one.
    await expect.poll(localDatabases, { timeout: 15_000 }).not.toContain('clinica');
  });

  it('refuses wrong credentials with a clear message', async () => {
    await page.getByLabel(/e-mail/i).fill('enfermeiro@clinica.example');
    await page.getByLabel(/senha/i).fill('senha-errada');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByText('E-mail ou senha incorretos.').waitFor();
    await screenshot(page, 'sign-in-error');
  });
});
