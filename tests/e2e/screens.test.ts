import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import {
  buildApp,
  screenshot,
  signIn,
  startAppUnderTest,
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
  page.on('dialog', (dialog) => void dialog.accept());
  await signIn(page, 'admin@clinica.example');
});

afterAll(async () => {
  await app?.close();
});

async function createPatient(fields: { name: string; cpf?: string; phone?: string }): Promise<void> {
  await page.getByRole('link', { name: 'Pacientes', exact: true }).click();
  await page.getByRole('link', { name: /Novo paciente/ }).click();
  await page.getByLabel('Nome completo').fill(fields.name);
  if (fields.cpf) {
    await page.getByLabel('Tipo de documento').selectOption('CPF');
    await page.getByLabel('Número do documento').fill(fields.cpf);
  }
  if (fields.phone) await page.getByLabel('Telefone').fill(fields.phone);
  await page.getByTestId('patient-save').click();
  await page.getByTestId('patient-detail').waitFor();
}

/** The position of the first registered chart among a group's choices. */
async function survivorIndex(group: ReturnType<Page['getByTestId']>): Promise<number> {
  const names = await group.locator('fieldset label').allTextContents();
  return names.findIndex((name) => name.includes('Otávio Duplicado Lima'));
}

describe('screens', () => {
  it('is installable: a web manifest with 192, 512 and maskable PNG icons that exist', async () => {
    const manifest = await page.evaluate(async () => {
      const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
      const response = await fetch(link?.href ?? '/manifest.webmanifest');
      return (await response.json()) as {
        name: string;
        start_url: string;
        display: string;
        icons: { src: string; sizes: string; purpose?: string }[];
      };
    });
    expect(manifest.display).toBe('standalone');
    expect(manifest.icons.map((icon) => `${icon.sizes}:${icon.purpose ?? 'any'}`).sort()).toEqual([
      '192x192:any',
      '512x512:any',
      '512x512:maskable',
    ]);
    for (const icon of manifest.icons) {
      const type = await page.evaluate(
        async (src) => (await fetch(`/${src}`)).headers.get('content-type'),
        icon.src,
      );
      expect(type).toBe('image/png');
    }
  });

  it('warns while typing a CPF that is already registered', async () => {
    await createPatient({ name: 'Otávio Duplicado Lima', cpf: '111.444.777-35' });
    await page.getByRole('link', { name: 'Pacientes', exact: true }).click();
    await page.getByRole('link', { name: /Novo paciente/ }).click();
    await page.getByLabel('Nome completo').fill('Otavio D. Lima');
    await page.getByLabel('Tipo de documento').selectOption('CPF');
    await page.getByLabel('Número do documento').fill('11144477735');
    await page.getByTestId('duplicate-warning').waitFor();
    expect(await page.getByTestId('duplicate-warning').textContent()).toContain('Otávio Duplicado Lima');
    expect(
      await page.getByTestId('duplicate-warning').locator('li').first().getAttribute('data-reason'),
    ).toBe('cpf');
    await screenshot(page, 'patient-duplicate-warning');
    await page.getByLabel('Telefone').fill('(11) 97777-8888');
    await page.getByLabel('Observações').fill('Alergia a dipirona');
    await page.getByTestId('patient-save').click();
    // A valid CPF another chart holds: the save waits for a reason.
    await page.getByTestId('shared-cpf').waitFor();
    await page.getByTestId('shared-cpf-reason').fill('Cadastro feito às pressas na recepção.');
    await page.getByTestId('shared-cpf-confirm').click();
    await page.getByTestId('patient-detail').waitFor();
  });

  it('lists the pair on the duplicates screen and merges it', async () => {
    await page.getByRole('link', { name: 'Duplicados', exact: true }).click();
    const group = page.getByTestId('duplicate-group').filter({ hasText: 'Otávio Duplicado Lima' });
    await group.waitFor();
    await group
      .getByRole('radio')
      .nth(await survivorIndex(group))
      .check();
    // The preview says exactly what the chart that stays takes from the other one.
    await expect.poll(() => group.getByTestId('merge-notes').textContent()).toContain('Alergia a dipirona');
    expect(await group.getByTestId('merge-filled').textContent()).toContain('+55 11 97777 8888');
    expect(await group.getByTestId('merge-kept').textContent()).toContain('Otavio D. Lima');
    await screenshot(page, 'duplicates');
    const survivorHref = await group
      .getByRole('link', { name: 'Otávio Duplicado Lima' })
      .getAttribute('href');
    await group.getByRole('button', { name: 'Unir cadastros' }).click();
    await expect
      .poll(() => page.getByTestId('duplicate-group').filter({ hasText: 'Otávio Duplicado Lima' }).count())
      .toBe(0);
    await page.goto(survivorHref ?? '/');
    const chart = page.getByTestId('patient-detail');
    await expect.poll(() => chart.textContent()).toContain('Alergia a dipirona');
    expect(await chart.textContent()).toContain('+55 11 97777 8888');
    expect(await chart.textContent()).toContain('Otavio D. Lima');
    await page.getByRole('link', { name: 'Lixeira', exact: true }).click();
    const removed = page.getByTestId('trash-row').filter({ hasText: 'Otavio D. Lima' });
    await removed.waitFor();
    expect(await removed.getByTestId('trash-merged-into').getAttribute('href')).toBe(survivorHref);
  });

  it('restores a deleted patient from the trash', async () => {
    await createPatient({ name: 'Wagner Lixeira Santos' });
    await page.getByRole('button', { name: 'Excluir' }).click();
    await page.getByTestId('patient-search').waitFor();
    await page.getByTestId('patient-search').fill('wagner lixeira');
    await expect.poll(() => page.getByTestId('patient-row').count()).toBe(0);
    await page.getByRole('link', { name: 'Lixeira', exact: true }).click();
    const row = page.getByTestId('trash-row').filter({ hasText: 'Wagner Lixeira Santos' });
    await row.waitFor();
    await screenshot(page, 'trash');
    await row.getByRole('button', { name: /Restaurar/ }).click();
    await expect
      .poll(() => page.getByTestId('trash-row').filter({ hasText: 'Wagner Lixeira Santos' }).count())
      .toBe(0);
    await page.getByRole('link', { name: 'Pacientes', exact: true }).click();
    await page.getByTestId('patient-search').fill('wagner lixeira');
    await expect.poll(() => page.getByTestId('patient-row').count()).toBe(1);
    const serverDeletedAt = async () =>
      (
        await app.server.db.query<{ deleted_at: string | null }>(
          "select deleted_at from patients where full_name = 'Wagner Lixeira Santos'",
        )
      ).rows[0];
    await expect.poll(serverDeletedAt, { timeout: 20_000 }).toEqual({ deleted_at: null });
  });

  it('switches the language to Spanish and English, with dates and labels following', async () => {
    await page.getByRole('combobox', { name: 'Idioma' }).first().selectOption('es');
    await page.getByRole('heading', { name: 'Pacientes' }).waitFor();
    expect(await page.getByRole('link', { name: 'Papelera' }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
    await page.getByRole('combobox', { name: 'Idioma' }).first().selectOption('en');
    await page.getByRole('heading', { name: 'Patients' }).waitFor();
    expect(await page.getByRole('link', { name: 'Trash' }).count()).toBe(1);
    await page.reload();
    await page.getByRole('heading', { name: 'Patients' }).waitFor();
    await screenshot(page, 'patients-english');
    await page.getByRole('combobox', { name: 'Language' }).first().selectOption('pt-BR');
    await page.getByRole('heading', { name: 'Pacientes' }).waitFor();
  });

  it('creates a service through the form generated from the catalogue, refusing bad fields first', async () => {
    await page.getByRole('link', { name: 'Dados', exact: true }).click();
    await page.getByRole('link', { name: 'Serviços', exact: true }).click();
    await page.getByTestId('data-table').waitFor();
    await page.getByRole('link', { name: /Novo/ }).click();
    await page.getByLabel('Nome *').fill('Eletrocardiograma de repouso');
    await page.getByLabel('Duração (min) *').fill('meia hora');
    await page.getByRole('button', { name: 'Salvar' }).click();
    await page.locator('[data-code="integerInvalid"]').waitFor();
    expect(await page.locator('#field-price-error').getAttribute('data-code')).toBe('required');
    await screenshot(page, 'data-form-errors');
    await page.getByLabel('Duração (min) *').fill('20');
    await page.getByLabel('Preço *').fill('85,50');
    await page.getByLabel('Moeda *').selectOption('BRL');
    await page.getByRole('button', { name: 'Salvar' }).click();
    await page.getByTestId('data-table').getByText('Eletrocardiograma de repouso').waitFor();
    await screenshot(page, 'data-table');
    const server = async () =>
      (
        await app.server.db.query<{ price: string | number }>(
          "select price from services where name = 'Eletrocardiograma de repouso'",
        )
      ).rows.map((r) => Number(r.price));
    await expect.poll(server, { timeout: 20_000 }).toEqual([85.5]);
  });

  it('flags a double booking while typing and on both sides on the agenda grid', async () => {
    const book = async (start: string, end: string) => {
      await page.goto('/data/appointments/new');
      await page.getByTestId('record-form').waitFor();
      const choose = async (label: string) => {
        const select = page.getByLabel(label, { exact: true });
        const value = await select.locator('option').nth(1).getAttribute('value');
        await select.selectOption(value ?? '');
      };
      await choose('Paciente *');
      await choose('Profissional *');
      await page
        .getByLabel('Unidade *', { exact: true })
        .selectOption({ label: 'Clínica Centro — São Paulo' });
      await page.getByLabel('Início *').fill(start);
      await page.getByLabel('Fim *').fill(end);
      await page.getByLabel('Situação *').selectOption('scheduled');
    };
    const day = new Date(Date.now() + 86_400_000 * 30);
    const date = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
    await book(`${date}T06:00`, `${date}T06:30`);
    await page.getByRole('button', { name: 'Salvar' }).click();
    await page.getByTestId('data-table').waitFor();
    await book(`${date}T06:15`, `${date}T06:45`);
    await page.getByTestId('double-booking').waitFor();
    await page.getByRole('button', { name: 'Salvar' }).click();
    await page.getByTestId('data-table').waitFor();
    await page.getByRole('link', { name: 'Agenda', exact: true }).click();
    await page.getByLabel('Data', { exact: true }).fill(date);
    // Both sides flagged on the grid, though booked before the clinic opens (the grid widens).
    await expect
      .poll(() => page.locator('[data-testid="appointment-event"][data-clash="true"]').count())
      .toBeGreaterThanOrEqual(2);
    await screenshot(page, 'agenda-day');
  });

  it('writes an encounter by sections with autosave, shows the server-kept version diff, then signs it', async () => {
    await createPatient({ name: 'Íris Prontuário Teixeira' });
    await page.getByTestId('start-encounter').click();
    await page.getByTestId('encounter-editor').waitFor();
    await page.getByLabel('Anamnese').fill('Cefaleia há dois dias.');
    await expect.poll(() => page.getByTestId('autosave-state').textContent()).toBe('Salvo neste dispositivo');
    const serverRecord = async () =>
      (
        await app.server.db.query<{ record: Record<string, string> }>(
          "select e.record from encounters e join patients p on p.id = e.patient_id where p.full_name = 'Íris Prontuário Teixeira'",
        )
      ).rows[0]?.record;
    await expect
      .poll(serverRecord, { timeout: 20_000 })
      .toMatchObject({ anamnesis: 'Cefaleia há dois dias.' });
    await page.getByLabel('Conduta').fill('Analgésico e retorno em 7 dias.');
    await expect
      .poll(serverRecord, { timeout: 20_000 })
      .toMatchObject({ plan: 'Analgésico e retorno em 7 dias.' });
    const history = page.getByTestId('version-history');
    await history.waitFor({ timeout: 20_000 });
    await history.getByRole('button').first().click();
    await page.getByText('Analgésico e retorno em 7 dias.', { exact: true }).last().waitFor();
    await screenshot(page, 'encounter-editor');
    await page.getByTestId('encounter-sign').click();
    await expect
      .poll(() => page.getByTestId('autosave-state').textContent())
      .toBe('Assinado — somente leitura');
    expect(await page.getByLabel('Anamnese').getAttribute('readonly')).not.toBeNull();
  });

  it('renders the sync panel, conflicts and settings screens', async () => {
    await page.getByRole('link', { name: 'Sincronização', exact: true }).click();
    await page.getByTestId('sync-status-card').waitFor();
    await page.getByTestId('sync-now').click();
    await page.getByTestId('sync-action-outcome').waitFor();
    await page.getByTestId('table-counts').waitFor();
    await page.getByTestId('sync-charts').waitFor();
    await screenshot(page, 'sync-panel');
    await page.getByRole('link', { name: 'Conflitos', exact: true }).click();
    await page.getByRole('heading', { name: 'Conflitos' }).waitFor();
    await screenshot(page, 'conflicts');
    await page.getByRole('link', { name: 'Configurações', exact: true }).click();
    await page.getByTestId('storage-info').waitFor();
    await screenshot(page, 'settings');
  });
});
