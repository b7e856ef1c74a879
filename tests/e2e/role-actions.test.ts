import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildApp, signIn, startAppUnderTest, type AppUnderTest } from './support/app-under-test.ts';

// Issue 12: screens offer only what the person's role may do; the server would refuse the rest
// and the refusal would be a surprise.
let app: AppUnderTest;

beforeAll(async () => {
  buildApp();
  app = await startAppUnderTest();
});

afterAll(async () => {
  await app?.close();
});

async function signedIn(email: string): Promise<Page> {
  const page = await (await app.newContext()).newPage();
  page.setDefaultTimeout(20_000);
  await signIn(page, email);
  return page;
}

async function firstPatient(): Promise<string> {
  const { rows } = await app.server.db.query<{ id: string }>(
    'select id::text from patients where deleted_at is null order by id limit 1',
  );
  return rows[0]!.id;
}

async function openPatient(page: Page, id: string): Promise<void> {
  await page.goto(`/patients/${id}`);
  await page.getByTestId('patient-detail').waitFor({ timeout: 60_000 });
  // The role comes from the person's profile on the device: wait until it has arrived.
  await page.locator('[data-testid="patient-actions"][data-access="known"]').waitFor({ state: 'attached' });
}

describe('actions follow the role', () => {
  it('reception edits charts but starts no encounter and leaves device maintenance to administration', async () => {
    const page = await signedIn('recepcao@clinica.example');
    await openPatient(page, await firstPatient());
    await page.getByTestId('patient-edit').waitFor();
    expect(await page.getByTestId('start-encounter').count()).toBe(0);

    await page.goto('/data/appointments');
    await page.getByRole('link', { name: /Novo/ }).waitFor();
    await page.goto('/data/services');
    await page.getByTestId('data-table').waitFor();
    expect(await page.getByRole('link', { name: /Novo/ }).count()).toBe(0);

    await page.goto('/sync');
    await page.getByTestId('maintenance-for-admins').waitFor();
    expect(await page.getByRole('button', { name: 'Ressincronizar tudo' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Recarregar tabela' }).count()).toBe(0);
    await page.getByTestId('sync-now').waitFor();
  });

  it('billing reads charts without an edit or delete button, and a service form says why it is read only', async () => {
    const page = await signedIn('financeiro@clinica.example');
    await openPatient(page, await firstPatient());
    expect(await page.getByTestId('patient-edit').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Excluir' }).count()).toBe(0);

    const { rows } = await app.server.db.query<{ id: string }>('select id::text from services limit 1');
    await page.goto(`/data/services/${rows[0]!.id}`);
    await page.getByTestId('not-for-role').waitFor({ timeout: 30_000 });
    expect(await page.getByRole('button', { name: 'Salvar' }).count()).toBe(0);
  });

  it('administration has the maintenance actions', async () => {
    const page = await signedIn('admin@clinica.example');
    await page.goto('/sync');
    await page.getByRole('button', { name: 'Ressincronizar tudo' }).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('maintenance-for-admins').count()).toBe(0);
  });
});
