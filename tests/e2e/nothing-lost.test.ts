import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import {
  buildApp,
  dumpSyncStores,
  screenshot,
  signIn,
  startAppUnderTest,
  type AppUnderTest,
} from './support/app-under-test.ts';

// Issue 12 in Chromium, with two devices: reception (A) and the doctor (B).
let app: AppUnderTest;
let contextA: BrowserContext;
let contextB: BrowserContext;
let pageA: Page;
let pageB: Page;
const patientId = 'd1200000-0000-4000-8000-0000000000e2';
const appointmentId = 'e0000000-0000-4000-8000-000000000300';

beforeAll(async () => {
  buildApp();
  app = await startAppUnderTest();
  // A chart as older writers stored it: the phone formatted, the CPF with punctuation.
  await app.server.db.query(
    `insert into patients (id, full_name, document_type, document_id, phone, phone_normalized, notes)
     values ($1, 'Helena Duarte Vasconcelos', 'CPF', '529.982.247-25', '+55 11 94592-4944', '+5511945924944', 'Primeira consulta.')`,
    [patientId],
  );
  contextA = await app.newContext();
  contextB = await app.newContext();
  pageA = await contextA.newPage();
  pageB = await contextB.newPage();
  for (const page of [pageA, pageB]) page.setDefaultTimeout(20_000);
  await signIn(pageA, 'recepcao@clinica.example');
  await signIn(pageB, 'medica@clinica.example');
});

afterAll(async () => {
  await app?.close();
});

const serverPatient = async () =>
  (
    await app.server.db.query<{ phone: string; notes: string }>(
      'select phone, notes from patients where id = $1',
      [patientId],
    )
  ).rows[0];

async function openPatient(page: Page): Promise<void> {
  await page.goto(`/patients/${patientId}`);
  await page.getByTestId('patient-detail').waitFor({ timeout: 30_000 });
}

async function editPatient(page: Page, fields: Record<string, string>): Promise<void> {
  await page.getByTestId('patient-edit').click();
  for (const [label, value] of Object.entries(fields)) await page.getByLabel(label).fill(value);
  await page.getByTestId('patient-save').click();
  await page.getByTestId('patient-detail').waitFor();
}

describe('no edit disappears without a trace', () => {
  it("an offline phone edit survives the other device's notes-only edit; the replaced notes are kept and come back", async () => {
    await openPatient(pageA);
    await openPatient(pageB);
    await expect
      .poll(() => pageB.getByTestId('sync-status').textContent(), { timeout: 20_000 })
      .toBe('Online');

    await contextA.setOffline(true);
    await editPatient(pageA, { Telefone: '(11) 97777-8888', Observações: 'Prefere contato por WhatsApp.' });
    await editPatient(pageB, { Observações: 'Alergia a dipirona.' });
    await expect
      .poll(async () => (await serverPatient())?.notes, { timeout: 20_000 })
      .toBe('Alergia a dipirona.');
    // The doctor's save carried the notes only: the phone is still as it was stored.
    expect((await serverPatient())?.phone).toBe('+55 11 94592-4944');

    await contextA.setOffline(false);
    try {
      await expect
        .poll(async () => (await serverPatient())?.phone, { timeout: 30_000 })
        .toBe('+5511977778888');
    } catch (error) {
      console.log(await dumpSyncStores(pageA));
      throw error;
    }
    for (const page of [pageA, pageB])
      await expect
        .poll(() => page.getByTestId('patient-detail').textContent(), { timeout: 20_000 })
        .toContain('+55 11 97777 8888');

    // The notes reception typed lost to the doctor's later edit: both screens show them as replaced.
    for (const page of [pageA, pageB]) {
      const item = page.getByTestId('superseded-item');
      await item.first().waitFor({ timeout: 30_000 });
      expect(await item.first().textContent()).toContain('Prefere contato por WhatsApp.');
    }
    await screenshot(pageB, 'superseded-history');
    await pageB.getByTestId('restore-value').first().click();
    await expect
      .poll(async () => (await serverPatient())?.notes, { timeout: 20_000 })
      .toBe('Prefere contato por WhatsApp.');
  });

  it('an appointment from 16:00 to 15:00 is refused on the device, in Portuguese, and never queued', async () => {
    const before = await app.server.db.query<{ starts_at: Date; ends_at: Date }>(
      'select starts_at, ends_at from appointments where id = $1',
      [appointmentId],
    );
    await pageA.goto(`/data/appointments/${appointmentId}`);
    await pageA.getByTestId('record-form').waitFor({ timeout: 30_000 });
    await contextA.setOffline(true);
    const pending = await pageA.getByTestId('sync-pending').getAttribute('data-count');
    await pageA.locator('#field-starts_at').fill('2026-12-20T16:00');
    await pageA.locator('#field-ends_at').fill('2026-12-20T15:00');
    await pageA.getByRole('button', { name: 'Salvar' }).click();
    const error = pageA.getByTestId('save-error');
    await error.waitFor();
    const text = (await error.textContent()) ?? '';
    expect(text).toContain('o término deve ser depois do início');
    expect(text).toContain('Fim');
    expect(text).not.toMatch(/check_violation|ends_before_starts|ends_at/);
    await screenshot(pageA, 'appointment-refused-on-device');
    // Still on the form with what the person typed, nothing queued, nothing shown in the agenda.
    expect(await pageA.locator('#field-ends_at').inputValue()).toBe('2026-12-20T15:00');
    expect(await pageA.getByTestId('sync-pending').getAttribute('data-count')).toBe(pending);
    const stores = JSON.parse(await dumpSyncStores(pageA)) as { outbox: Array<{ rowId: string }> };
    const queued = stores.outbox.filter((entry) => entry.rowId === appointmentId).length;
    expect(queued).toBe(0);
    await contextA.setOffline(false);
    const after = await app.server.db.query('select starts_at, ends_at from appointments where id = $1', [
      appointmentId,
    ]);
    expect(after.rows).toEqual(before.rows);
  });

  it('a second chart with the same CPF asks, offers the existing chart, and keeps the reason given', async () => {
    await pageA.goto('/patients/new');
    await pageA.getByLabel('Nome completo').fill('Helena Duarte Vasconcelos Filha');
    await pageA.getByLabel('Tipo de documento').selectOption('CPF');
    await pageA.getByLabel('Número do documento').fill('52998224725');
    await pageA.getByTestId('patient-save').click();
    const prompt = pageA.getByTestId('shared-cpf');
    await prompt.waitFor();
    expect(await prompt.textContent()).toContain(
      'Já existe um paciente com este CPF: Helena Duarte Vasconcelos.',
    );
    await screenshot(pageA, 'shared-cpf-prompt');
    const charts = async () =>
      Number(
        (
          await app.server.db.query<{ n: string }>(
            "select count(*) as n from patients where document_id = '52998224725'",
          )
        ).rows[0]?.n,
      );
    expect(await pageA.getByTestId('shared-cpf-confirm').isDisabled()).toBe(true);
    expect(await pageA.getByTestId('sync-pending').getAttribute('data-count')).toBe('0');

    await pageA.getByTestId('shared-cpf-open').click();
    await expect.poll(() => pageA.url()).toContain(`/patients/${patientId}`);
    await pageA.goBack();
    await pageA.getByTestId('patient-form').waitFor();
    if ((await pageA.getByLabel('Número do documento').inputValue()) === '') {
      await pageA.getByLabel('Nome completo').fill('Helena Duarte Vasconcelos Filha');
      await pageA.getByLabel('Tipo de documento').selectOption('CPF');
      await pageA.getByLabel('Número do documento').fill('52998224725');
    }
    await pageA.getByTestId('patient-save').click();
    await pageA.getByTestId('shared-cpf-reason').fill('Recém-nascida, registrada com o CPF da mãe.');
    await pageA.getByTestId('shared-cpf-confirm').click();
    await pageA.getByTestId('patient-detail').waitFor();
    expect(await pageA.getByTestId('shared-cpf-reason-shown').textContent()).toContain(
      'Recém-nascida, registrada com o CPF da mãe.',
    );
    await expect
      .poll(
        async () =>
          (
            await app.server.db.query<{ duplicate_reason: string }>(
              "select duplicate_reason from patients where full_name = 'Helena Duarte Vasconcelos Filha'",
            )
          ).rows[0]?.duplicate_reason,
        { timeout: 20_000 },
      )
      .toBe('Recém-nascida, registrada com o CPF da mãe.');
    expect(await charts()).toBe(1);
  });

  it('a change the server refuses is shown on the chart, and saving its correction sends it again at once', async () => {
    // A rule the server has and this device does not know yet (a newer server).
    await app.server.db.query(
      "alter table patients add constraint patients_notes_no_brackets check (notes not like '%[%')",
    );
    try {
      await openPatient(pageA);
      await editPatient(pageA, { Observações: 'Retorno em [data a definir].' });
      const refusal = pageA.getByTestId('refusal');
      await refusal.waitFor({ timeout: 30_000 });
      expect(await pageA.getByTestId('sync-status').textContent()).toBe('Erro de sincronização');
      expect(await refusal.textContent()).toContain('O servidor recusou uma alteração (Pacientes)');
      expect(await refusal.textContent()).not.toMatch(/violates|constraint|check/);
      await screenshot(pageA, 'refusal-on-chart');

      await pageA.getByRole('link', { name: 'Corrigir' }).click();
      await pageA.getByLabel('Observações').fill('Retorno em data a definir.');
      await pageA.getByTestId('patient-save').click();
      await pageA.getByTestId('patient-detail').waitFor();
      await expect
        .poll(async () => (await serverPatient())?.notes, { timeout: 20_000 })
        .toBe('Retorno em data a definir.');
      await expect.poll(() => refusal.count(), { timeout: 20_000 }).toBe(0);
      await expect
        .poll(() => pageA.getByTestId('sync-status').textContent(), { timeout: 20_000 })
        .toBe('Online');
      const stores = JSON.parse(await dumpSyncStores(pageA)) as {
        outbox: Array<{ rowId: string; state: string; supersedes: string[] }>;
      };
      const open = stores.outbox.filter((entry) => entry.rowId === patientId && entry.state !== 'done');
      expect(open).toEqual([]);
    } finally {
      await app.server.db.query('alter table patients drop constraint patients_notes_no_brackets');
    }
  });
});
