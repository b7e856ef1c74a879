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
const devices: { context: BrowserContext; page: Page }[] = [];

beforeAll(async () => {
  buildApp();
  app = await startAppUnderTest();
  for (const email of ['recepcao@clinica.example', 'medica@clinica.example']) {
    const context = await app.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, email);
    devices.push({ context, page });
  }
});

afterAll(async () => {
  await app?.close();
});

const device = (index: number) => {
  const found = devices[index];
  if (!found) throw new Error(`no device ${index}`);
  return found;
};

async function openPatient(page: Page, query: string): Promise<void> {
  await page.getByRole('link', { name: 'Pacientes', exact: true }).click();
  await page.getByTestId('patient-search').fill(query);
  await page.getByTestId('patient-row').first().click({ timeout: 30_000 });
  await page.getByTestId('patient-detail').waitFor();
}

async function renameOffline(page: Page, name: string): Promise<void> {
  await page.getByTestId('patient-edit').click();
  await page.getByLabel('Nome completo').fill(name);
  await page.getByTestId('patient-save').click();
  await page.getByTestId('patient-detail').waitFor();
}

describe('the same field edited on two devices while offline', () => {
  it('becomes a conflict on the later device, resolved on the conflict screen, and both converge', async () => {
    const a = device(0);
    const b = device(1);
    await a.page.getByRole('link', { name: /Novo paciente/ }).click();
    await a.page.getByLabel('Nome completo').fill('Rosângela Pereira Conflito');
    await a.page.getByTestId('patient-save').click();
    await a.page.getByTestId('row-synced').waitFor({ timeout: 20_000 });
    await openPatient(b.page, 'rosangela conflito');

    for (const { page, context } of [a, b]) {
      await waitForOfflineReady(page);
      await context.setOffline(true);
    }
    await renameOffline(a.page, 'Rosângela Pereira da Silva Conflito');
    await renameOffline(b.page, 'Rosângela P. Souza Conflito');

    await a.context.setOffline(false);
    await a.page.getByTestId('row-synced').waitFor({ timeout: 20_000 });
    await b.context.setOffline(false);
    await b.page
      .getByTestId('row-sync-mark')
      .and(b.page.locator('[data-mark="conflict"]'))
      .waitFor({ timeout: 20_000 });

    await b.page.getByRole('link', { name: 'Conflitos', exact: true }).click();
    await b.page.getByTestId('conflict-row').first().getByRole('link').click();
    await b.page.getByTestId('conflict-detail').waitFor();
    expect(await b.page.getByTestId('mine-full_name').textContent()).toBe('Rosângela P. Souza Conflito');
    expect(await b.page.getByTestId('theirs-full_name').textContent()).toBe(
      'Rosângela Pereira da Silva Conflito',
    );
    await screenshot(b.page, 'conflict-detail');

    await b.page.getByLabel('Editar à mão: full_name').fill('Rosângela Pereira Souza Conflito');
    await b.page.getByTestId('conflict-apply-picks').click();
    await b.page.getByTestId('conflict-list').waitFor();

    const serverName = async () =>
      (
        await app.server.db.query<{ full_name: string }>(
          "select full_name from patients where full_name like '%Conflito'",
        )
      ).rows.map((r) => r.full_name);
    await expect.poll(serverName, { timeout: 20_000 }).toEqual(['Rosângela Pereira Souza Conflito']);
    for (const { page } of [a, b]) {
      await openPatient(page, 'rosangela conflito');
      await expect
        .poll(() => page.getByTestId('patient-name').textContent(), { timeout: 20_000 })
        .toBe('Rosângela Pereira Souza Conflito');
    }
    await b.page.getByRole('link', { name: 'Conflitos', exact: true }).click();
    expect(await b.page.getByTestId('conflict-row').first().getAttribute('data-state')).toBe('resolved');
    await screenshot(b.page, 'conflicts-history');
  });
});
