import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import {
  buildApp,
  dumpSyncStores,
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

async function pendingCount(): Promise<number> {
  return Number(await page.getByTestId('sync-pending').getAttribute('data-count'));
}

describe('patients, offline first', () => {
  it('signs in with a demo account and lands on the patient list', async () => {
    await signIn(page, 'recepcao@clinica.example');
    await expect.poll(() => page.url()).toMatch(/\/patients$/);
    await page.getByRole('heading', { name: 'Pacientes' }).waitFor();
    await screenshot(page, 'patients-list');
  });

  it('names each invalid field and queues nothing until the form is valid', async () => {
    await page.getByRole('link', { name: /Novo paciente/ }).click();
    await page.getByLabel('Nome completo').fill('Beatriz Conceição Araújo');
    await page.getByLabel('Tipo de documento').selectOption('CPF');
    await page.getByLabel('Número do documento').fill('529.982.247-24');
    await page.getByLabel('Telefone').fill('12345');
    await page.getByLabel('Data de nascimento').fill('2030-01-01');
    await page.getByTestId('patient-save').click();
    await expect
      .poll(() => page.getByTestId('error-document_id').getAttribute('data-code'))
      .toBe('cpfDigits');
    expect(await page.getByTestId('error-phone').getAttribute('data-code')).toBe('phoneInvalid');
    expect(await page.getByTestId('error-birth_date').getAttribute('data-code')).toBe('dateFuture');
    expect(await page.getByTestId('error-document_id').textContent()).toContain('dígitos verificadores');
    await screenshot(page, 'patient-form-errors');
    expect(await pendingCount()).toBe(0);

    await page.getByLabel('Número do documento').fill('529.982.247-25');
    await page.getByLabel('Telefone').fill('(11) 91234-5678');
    await page.getByLabel('Data de nascimento').fill('1984-03-09');
    await expect.poll(() => page.getByTestId('form-problems').count()).toBe(0);
    await page.getByTestId('patient-save').click();
    await page.getByTestId('patient-detail').waitFor();
    expect(await page.getByTestId('patient-name').textContent()).toBe('Beatriz Conceição Araújo');
  });

  it('finds the patient without accents, by CPF digits and by phone', async () => {
    await page.getByRole('link', { name: 'Pacientes', exact: true }).click();
    const search = page.getByTestId('patient-search');
    for (const query of ['beatriz conceicao', '52998224725', '91234-5678']) {
      await search.fill(query);
      await expect.poll(() => page.getByTestId('patient-row').filter({ hasText: 'Beatriz' }).count()).toBe(1);
    }
  });

  it('edits offline, survives a reload while offline, and shows the edit as pending', async () => {
    await waitForOfflineReady(page);
    await context.setOffline(true);
    await page.getByTestId('patient-search').fill('beatriz conceicao araujo');
    await page.getByTestId('patient-row').first().click();
    await page.getByTestId('patient-edit').click();
    await page.getByLabel('Telefone').fill('(11) 98888-7777');
    await page.getByTestId('patient-save').click();
    await page.getByTestId('patient-detail').waitFor();
    await page.reload();
    await page.getByTestId('patient-detail').waitFor();
    expect(await page.getByTestId('patient-detail').textContent()).toContain('+55 11 98888 7777');
    expect(await page.getByTestId('row-sync-mark').getAttribute('data-mark')).toBe('pending');
    expect(await page.getByTestId('sync-status').textContent()).toBe('Offline');
    expect(await pendingCount()).toBeGreaterThan(0);
    await screenshot(page, 'patient-offline-pending');
  });
});

describe('patients, back online and across devices', () => {
  it('sends the offline edit when the link returns and shows it as synced', async () => {
    await context.setOffline(false);
    const serverPhone = async () =>
      (
        await app.server.db.query<{ phone: string }>(
          "select phone from patients where full_name = 'Beatriz Conceição Araújo'",
        )
      ).rows[0]?.phone;
    try {
      await expect.poll(serverPhone, { timeout: 20_000 }).toBe('+5511988887777');
    } catch (error) {
      console.log(await dumpSyncStores(page));
      throw error;
    }
    await expect.poll(() => pendingCount(), { timeout: 20_000 }).toBe(0);
    await page.getByTestId('row-synced').waitFor({ timeout: 20_000 });
    await expect
      .poll(() => page.getByTestId('sync-status').textContent(), { timeout: 20_000 })
      .not.toBe('Offline');
  });

  it('shows an edit made on device A on device B within 2 seconds', async () => {
    const other = await app.newContext();
    const pageB = await other.newPage();
    pageB.setDefaultTimeout(15_000);
    await signIn(pageB, 'medica@clinica.example');
    // Doctors and nurses start on their day; this test works on the patient list.
    await pageB.getByRole('link', { name: 'Pacientes', exact: true }).click();
    await pageB.getByTestId('patient-search').fill('beatriz conceicao araujo');
    await pageB.getByTestId('patient-row').first().click({ timeout: 30_000 });
    await pageB.getByTestId('patient-detail').waitFor();
    // B must have finished its first sync and joined the realtime channel before the clock starts.
    await expect
      .poll(() => pageB.getByTestId('sync-status').textContent(), { timeout: 20_000 })
      .toBe('Online');
    await pageB.waitForTimeout(500);

    await page.getByTestId('patient-edit').click();
    await page.getByLabel('E-mail').fill('beatriz@example.com');
    const savedAt = Date.now();
    await page.getByTestId('patient-save').click();
    await pageB.getByText('beatriz@example.com').waitFor({ timeout: 2_000 });
    const seenAfter = Date.now() - savedAt;
    console.log(`edit visible on device B after ${seenAfter} ms`);
    expect(seenAfter).toBeLessThan(2_000);
    await screenshot(pageB, 'patient-detail-device-b');
    await other.close();
  });
});
