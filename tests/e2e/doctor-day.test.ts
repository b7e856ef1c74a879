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
import { pdfText } from './support/pdf-text.ts';

let app: AppUnderTest;

beforeAll(async () => {
  buildApp();
  app = await startAppUnderTest();
});

afterAll(async () => {
  await app?.close();
});

interface Device {
  readonly context: BrowserContext;
  readonly page: Page;
}

async function device(email: string, viewport = { width: 1366, height: 900 }): Promise<Device> {
  const context = await app.newContext();
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  page.setDefaultTimeout(20_000);
  page.on('dialog', (dialog) => void dialog.accept());
  await signIn(page, email);
  return { context, page };
}

/** Screenshots of the current screen at the three widths people use (desktop, tablet, phone). */
async function screenshotsAtEveryWidth(page: Page, name: string): Promise<void> {
  for (const width of [1366, 1024, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.waitForTimeout(150);
    await screenshot(page, `${name}-${width}`);
    // Nothing on the page may push it wider than the screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${name} at ${width}px is ${overflow}px too wide`).toBeLessThanOrEqual(1);
  }
  await page.setViewportSize({ width: 1366, height: 900 });
}

const server = () => app.server.db;

describe("the doctor's day", () => {
  it('check-in at reception → waiting list → encounter with CID-10 and a two-line prescription → signed → printed PDF', async () => {
    const reception = await device('recepcao@clinica.example');
    const doctor = await device('medica@clinica.example');

    // Reception marks a patient of the doctor as arrived, on today's agenda of either branch.
    let patientName = '';
    for (const branch of ['b0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000002']) {
      await reception.page.goto(`/agenda?branch=${branch}&focus=a0000000-0000-4000-8000-000000000002`);
      await reception.page.getByTestId('appointment-event').first().waitFor({ timeout: 30_000 });
      const due = reception.page.locator(
        '[data-testid="appointment-event"][data-status="scheduled"], [data-testid="appointment-event"][data-status="confirmed"]',
      );
      if ((await due.count()) === 0) continue;
      const id = await due.first().getAttribute('data-id');
      await reception.page
        .locator('.rbc-event', { has: reception.page.locator(`[data-id="${id}"]`) })
        .locator('.rbc-event-label')
        .click();
      const panel = reception.page.getByTestId('appointment-panel');
      patientName = ((await panel.getByTestId('panel-patient').textContent()) ?? '').trim();
      await panel.getByTestId('check-in').click();
      await expect.poll(() => panel.getByTestId('panel-status').textContent()).toBe('Chegou');
      break;
    }
    expect(patientName).not.toBe('');

    // The doctor lands on their day and sees the patient waiting.
    await doctor.page.goto('/');
    await doctor.page.getByTestId('my-day').waitFor();
    expect(new URL(doctor.page.url()).pathname).toBe('/my-day');
    const waiting = doctor.page.getByTestId('waiting-patient').filter({ hasText: patientName });
    await waiting.waitFor({ timeout: 30_000 });
    expect(await waiting.textContent()).toMatch(/chegou às \d{2}:\d{2}/);
    await screenshotsAtEveryWidth(doctor.page, 'my-day');

    // Start the encounter from the waiting list.
    await waiting.getByTestId('encounter-start').click();
    await doctor.page.getByTestId('encounter-editor').waitFor();
    expect(await doctor.page.getByTestId('patient-header').textContent()).toContain(patientName);
    await doctor.page.getByLabel('Anamnese').fill('Cefaleia holocraniana há 3 dias, pior ao fim do dia.');
    await doctor.page.getByLabel('Exame físico').fill('PA 130/85 mmHg, sem sinais meníngeos.');
    await doctor.page.getByLabel('Diagnóstico', { exact: true }).fill('Cefaleia do tipo tensional.');
    await doctor.page.getByLabel('Conduta').fill('Analgesia, hidratação, retorno se piora.');

    // CID-10 through the lookup.
    await doctor.page.getByTestId('cid-search').fill('cefal tens');
    await doctor.page.getByTestId('cid-result').filter({ hasText: 'G44.2' }).click();
    await doctor.page.getByTestId('diagnosis-row').filter({ hasText: 'G44.2' }).waitFor();

    // A prescription of two lines, written line by line.
    await doctor.page.getByTestId('prescription-new').click();
    const prescription = doctor.page.getByTestId('prescription');
    await prescription.waitFor();
    for (const line of [
      {
        drug: 'Paracetamol',
        presentation: 'comprimido 750 mg',
        dose: '1 comprimido',
        frequency: 'de 8 em 8 horas',
        quantity: '15',
      },
      {
        drug: 'Ibuprofeno',
        presentation: 'comprimido 400 mg',
        dose: '1 comprimido',
        frequency: 'de 12 em 12 horas',
        quantity: '10',
      },
    ]) {
      await prescription.getByTestId('line-new-drug').fill(line.drug);
      await prescription.getByTestId('line-add').click();
      const row = prescription.getByTestId('prescription-line').last();
      await expect.poll(() => row.getByTestId('line-medication').inputValue()).toBe(line.drug);
      await row.getByTestId('line-presentation').fill(line.presentation);
      await row.getByTestId('line-dosage').fill(line.dose);
      await row.getByTestId('line-route').selectOption('oral');
      await row.getByTestId('line-frequency').fill(line.frequency);
      await row.getByTestId('line-duration').fill('5 dias');
      await row.getByTestId('line-quantity').fill(line.quantity);
      await row.getByTestId('line-quantity_unit').fill('comprimidos');
    }
    await expect.poll(() => prescription.getByTestId('prescription-line').count()).toBe(2);
    await expect.poll(() => doctor.page.getByText('Salvando…').count(), { timeout: 10_000 }).toBe(0);
    await screenshotsAtEveryWidth(doctor.page, 'encounter-editing');

    // Sign: every part becomes read-only, and who signed is shown.
    await doctor.page.getByTestId('encounter-sign').click();
    const signature = doctor.page.getByTestId('signature-line');
    await signature.waitFor();
    await expect
      .poll(() => signature.textContent())
      .toMatch(/Assinado por Dra\. Marina Coutinho · CRM-SP 123456 em/);
    expect(await doctor.page.getByLabel('Anamnese').getAttribute('readonly')).not.toBeNull();
    expect(await doctor.page.getByTestId('prescription-new').count()).toBe(0);
    expect(await doctor.page.getByTestId('line-add').count()).toBe(0);
    expect(await doctor.page.getByTestId('files-encounters').locator('input[type="file"]').count()).toBe(0);
    await screenshotsAtEveryWidth(doctor.page, 'encounter-signed');

    // On the server: signed by the doctor, the prescription issued with its two lines in order.
    const encounterId = new URL(doctor.page.url()).pathname.split('/').pop() ?? '';
    await expect
      .poll(
        async () =>
          (
            await server().query<{ signed_by: string; status: string; lines: string[]; appointment: string }>(
              `select e.signed_by, p.status, a.status as appointment,
                      array(select i.medication from prescription_items i where i.prescription_id = p.id and i.deleted_at is null order by i.position) as lines
                 from encounters e join prescriptions p on p.encounter_id = e.id join appointments a on a.id = e.appointment_id
                where e.id = $1`,
              [encounterId],
            )
          ).rows[0],
        { timeout: 30_000 },
      )
      .toEqual({
        signed_by: 'a0000000-0000-4000-8000-000000000002',
        status: 'issued',
        lines: ['Paracetamol', 'Ibuprofeno'],
        appointment: 'completed',
      });

    // Print the receita: a print-ready page, and a PDF made on the device whose text we read back.
    await doctor.page.getByTestId('prescription-print').click();
    const printed = doctor.page.getByTestId('printed-document');
    await printed.waitFor();
    expect(await printed.getByTestId('printed-medication').count()).toBe(2);
    await screenshotsAtEveryWidth(doctor.page, 'prescription-printed');
    await doctor.page.emulateMedia({ media: 'print' });
    await screenshot(doctor.page, 'prescription-print-media');
    expect(await doctor.page.locator('.header').isVisible()).toBe(false);
    await doctor.page.emulateMedia({ media: 'screen' });
    const [download] = await Promise.all([
      doctor.page.waitForEvent('download'),
      doctor.page.getByTestId('document-pdf').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^receituario-.*\.pdf$/);
    const file = await download.path();
    const pdf = await pdfText(file);
    const text = pdf.text.join(' ').replace(/\s+/g, ' ');
    expect(pdf.pages).toBe(1);
    expect(pdf.width).toBeLessThan(pdf.height);
    for (const expected of [
      'Clínica Centro — São Paulo',
      'Rua Augusta, 1500',
      'Dra. Marina Coutinho - CRM-SP 123456',
      'Receituário',
      `Paciente: ${patientName}`,
      '1. Paracetamol — comprimido 750 mg',
      '1 comprimido, via oral, de 8 em 8 horas, por 5 dias.',
      'Quantidade: 15 comprimidos',
      '2. Ibuprofeno — comprimido 400 mg',
      'Quantidade: 10 comprimidos',
      'Assinatura e carimbo',
    ])
      expect(text).toContain(expected);
    expect(text).not.toContain('RASCUNHO');

    // The same receita as controlled-drug prescription prints in two copies on a landscape sheet;
    // it is signed, so it cannot be switched: a new encounter shows the layout instead.
    await reception.context.close();
    await doctor.context.close();
  });

  it('an allergy added on two offline devices keeps both, on both devices and on the server', async () => {
    const doctor = await device('medica@clinica.example');
    const nurse = await device('enfermeiro@clinica.example');
    const encounterId = 'e1000000-0000-4000-8000-000000000003';
    const patientId = (
      await server().query<{ patient_id: string }>('select patient_id from encounters where id = $1', [
        encounterId,
      ])
    ).rows[0]?.patient_id;
    for (const { page } of [doctor, nurse]) {
      await page.goto(`/encounters/${encounterId}`);
      await page.getByTestId('allergies-panel').waitFor({ timeout: 30_000 });
      await waitForOfflineReady(page);
    }
    for (const { context } of [doctor, nurse]) await context.setOffline(true);
    for (const [{ page }, substance] of [
      [doctor, 'Látex'],
      [nurse, 'Amoxicilina'],
    ] as const) {
      await page.getByTestId('allergy-open-form').click();
      await page.getByTestId('allergy-substance').fill(substance);
      await page.getByTestId('allergy-add').click();
      await page.getByTestId('allergy-row').filter({ hasText: substance }).waitFor();
    }
    for (const { context } of [doctor, nurse]) await context.setOffline(false);
    for (const { page } of [doctor, nurse]) {
      for (const substance of ['Látex', 'Amoxicilina']) {
        await page
          .getByTestId('patient-allergies')
          .getByTestId('allergy-chip')
          .filter({ hasText: substance })
          .waitFor({ timeout: 30_000 })
          .catch(async (error: unknown) => {
            throw new Error(`${String(error)}\n${await dumpSyncStores(page)}`);
          });
      }
    }
    await screenshot(doctor.page, 'allergies-merged');
    const rows = await server().query<{ substance: string }>(
      "select substance from allergies where patient_id = $1 and status = 'active' and deleted_at is null order by substance",
      [patientId],
    );
    expect(rows.rows.map((r) => r.substance)).toEqual(expect.arrayContaining(['Amoxicilina', 'Látex']));
    await doctor.context.close();
    await nurse.context.close();
  });
  it('a signed encounter refuses every change, on the screen and at the server, but takes an addendum', async () => {
    const doctor = await device('medica@clinica.example');
    const nurse = await device('enfermeiro@clinica.example');
    // A seeded encounter left unsigned (every fifth one is).
    const encounterId = 'e1000000-0000-4000-8000-000000000005';
    const before = (
      await server().query<{ signed_at: string | null; plan: string }>(
        "select signed_at, record->>'plan' as plan from encounters where id = $1",
        [encounterId],
      )
    ).rows[0];
    expect(before?.signed_at).toBeNull();
    for (const { page } of [doctor, nurse]) {
      await page.goto(`/encounters/${encounterId}`);
      await page.getByTestId('encounter-editor').waitFor({ timeout: 30_000 });
      await waitForOfflineReady(page);
    }

    // The nurse writes while offline; meanwhile the doctor signs.
    await nurse.context.setOffline(true);
    await nurse.page.getByLabel('Conduta').fill('Orientada dieta leve; retorno em 7 dias.');
    await expect
      .poll(() => nurse.page.getByTestId('autosave-state').textContent())
      .toBe('Salvo neste dispositivo');
    await doctor.page.getByTestId('encounter-sign').click();
    await doctor.page.getByTestId('signature-line').waitFor();
    await expect
      .poll(
        async () =>
          (
            await server().query('select 1 from encounters where id = $1 and signed_at is not null', [
              encounterId,
            ])
          ).rows.length,
        { timeout: 30_000 },
      )
      .toBe(1);

    // Signed: nothing on the doctor's screen can change it any more.
    for (const label of ['Anamnese', 'Exame físico', 'Diagnóstico', 'Conduta'])
      expect(await doctor.page.getByLabel(label, { exact: true }).getAttribute('readonly')).not.toBeNull();
    expect(await doctor.page.getByTestId('prescription-new').count()).toBe(0);
    expect(await doctor.page.getByTestId('cid-search').count()).toBe(0);
    expect(await doctor.page.getByTestId('files-encounters').locator('input[type="file"]').count()).toBe(0);

    // Back online, the nurse's change is refused by the server, said in Portuguese where she works.
    await nurse.context.setOffline(false);
    const refusal = nurse.page.getByTestId('refusal');
    await refusal.waitFor({ timeout: 40_000 }).catch(async (error: unknown) => {
      throw new Error(`${String(error)}\n${await dumpSyncStores(nurse.page)}`);
    });
    expect(await refusal.getAttribute('data-reason')).toBe('signed');
    expect(await refusal.textContent()).toContain(
      'este atendimento já tinha sido assinado em outro dispositivo',
    );
    expect(await refusal.textContent()).toContain('Conduta: Orientada dieta leve; retorno em 7 dias.');
    expect(await refusal.textContent()).not.toMatch(/signed_encounter|check_violation|invalid_data/);
    await screenshot(nurse.page, 'encounter-refusal');
    expect(
      (
        await server().query<{ plan: string }>(
          "select record->>'plan' as plan from encounters where id = $1",
          [encounterId],
        )
      ).rows[0]?.plan,
    ).toBe(before?.plan);

    // What she typed is kept as an addendum, which reaches the doctor too; the record is as signed.
    await refusal.getByTestId('refusal-to-addendum').click();
    await nurse.page.getByTestId('addendum').filter({ hasText: 'Orientada dieta leve' }).waitFor();
    await expect.poll(() => nurse.page.getByTestId('refusal').count()).toBe(0);
    await expect.poll(() => nurse.page.getByLabel('Conduta').inputValue()).toBe(before?.plan ?? '');
    await doctor.page
      .getByTestId('addendum')
      .filter({ hasText: 'Orientada dieta leve' })
      .waitFor({ timeout: 30_000 });
    expect(await doctor.page.getByTestId('addendum').first().textContent()).toContain('Rafael Nogueira');
    await doctor.page.getByTestId('history-addendum').first().waitFor();

    // The doctor adds one more after signing, the one way left to add.
    await doctor.page.getByTestId('addendum-body').fill('Paciente informou melhora por telefone.');
    await doctor.page.getByTestId('addendum-save').click();
    await doctor.page.getByTestId('addendum').filter({ hasText: 'melhora por telefone' }).waitFor();
    await screenshotsAtEveryWidth(doctor.page, 'encounter-addenda');
    await expect
      .poll(
        async () =>
          (
            await server().query<{ author_id: string; body: string }>(
              'select author_id, body from encounter_addenda where encounter_id = $1 order by written_at',
              [encounterId],
            )
          ).rows,
        { timeout: 30_000 },
      )
      .toEqual([
        {
          author_id: 'a0000000-0000-4000-8000-000000000003',
          body: 'Conduta: Orientada dieta leve; retorno em 7 dias.',
        },
        {
          author_id: 'a0000000-0000-4000-8000-000000000002',
          body: 'Paciente informou melhora por telefone.',
        },
      ]);
    await doctor.context.close();
    await nurse.context.close();
  });

  it('reception never reaches any of it: no screen, no row on the device', async () => {
    const reception = await device('recepcao@clinica.example');
    await reception.page.getByRole('link', { name: 'Pacientes', exact: true }).waitFor();
    expect(await reception.page.getByRole('link', { name: 'Meu dia' }).count()).toBe(0);
    await reception.page.goto('/');
    await reception.page.getByTestId('patient-search').waitFor();
    await reception.page.getByTestId('patient-row').first().click({ timeout: 30_000 });
    await reception.page.getByTestId('patient-detail').waitFor();
    expect(await reception.page.getByTestId('start-encounter').count()).toBe(0);
    for (const path of [
      '/my-day',
      '/encounters/e1000000-0000-4000-8000-000000000001',
      '/documents/prescription/e2000000-0000-4000-8000-000000000004',
      '/documents/summary/e1000000-0000-4000-8000-000000000001',
    ]) {
      await reception.page.goto(path);
      await reception.page.getByTestId('clinical-only').waitFor();
      expect(await reception.page.getByTestId('clinical-only').textContent()).toContain('equipe clínica');
    }
    await screenshot(reception.page, 'reception-clinical-only');
    // After a full first sync the device holds appointments and patients but no clinical row.
    await expect
      .poll(
        () =>
          reception.page.evaluate(
            () => document.querySelector('[data-testid="first-sync-progress"]') === null,
          ),
        {
          timeout: 60_000,
        },
      )
      .toBe(true);
    const counts = await reception.page.evaluate(`(async () => {
      const open = indexedDB.open('clinica');
      const db = await new Promise((ok, fail) => { open.onsuccess = () => ok(open.result); open.onerror = () => fail(open.error); });
      const count = (store) => new Promise((ok) => { const r = db.transaction(store).objectStore(store).count(); r.onsuccess = () => ok(r.result); });
      const out = {};
      for (const store of ['patients', 'appointments', 'encounters', 'prescriptions', 'prescription_items', 'allergies',
        'patient_medications', 'encounter_diagnoses', 'encounter_addenda', 'certificates', 'record_versions']) out[store] = await count(store);
      db.close();
      return out;
    })()`);
    expect(counts).toMatchObject({
      encounters: 0,
      prescriptions: 0,
      prescription_items: 0,
      allergies: 0,
      patient_medications: 0,
      encounter_diagnoses: 0,
      encounter_addenda: 0,
      certificates: 0,
      record_versions: 0,
    });
    expect((counts as { patients: number }).patients).toBeGreaterThan(100);
    await reception.context.close();
  });
  it('prints a controlled receita in two copies, a referral, a certificate and, in Spanish, the summary', async () => {
    const doctor = await device('medica@clinica.example');
    const { page } = doctor;
    await page.goto('/my-day');
    await page.getByTestId('day-entry').getByTestId('encounter-start').first().click();
    await page.getByTestId('encounter-editor').waitFor();
    await page.getByLabel('Anamnese').fill('Insônia e ansiedade há dois meses.');
    await page.getByTestId('cid-search').fill('F41.1');
    await page.getByTestId('cid-result').first().click();
    await page.getByTestId('diagnosis-row').filter({ hasText: 'F41.1' }).waitFor();
    await page.getByTestId('prescription-new').click();
    const prescription = page.getByTestId('prescription');
    await prescription.getByTestId('prescription-kind').selectOption('special_control');
    await expect.poll(() => prescription.getAttribute('data-kind')).toBe('special_control');
    await prescription.getByTestId('line-new-drug').fill('Clonazepam');
    await prescription.getByTestId('line-add').click();
    const line = prescription.getByTestId('prescription-line').first();
    await line.getByTestId('line-presentation').fill('comprimido 2 mg');
    await line.getByTestId('line-dosage').fill('1 comprimido');
    await line.getByTestId('line-frequency').fill('à noite');
    await line.getByTestId('line-quantity').fill('30');
    await line.getByTestId('line-quantity_unit').fill('comprimidos');
    const referrals = page.getByTestId('referrals');
    await referrals.getByLabel('Especialidade').fill('Psiquiatria');
    await referrals.getByLabel('Motivo').fill('Avaliação de transtorno de ansiedade.');
    await referrals.getByRole('button', { name: /Encaminhar/ }).click();
    const certificates = page.getByTestId('certificates');
    await certificates.getByLabel('Dias').fill('2');
    await certificates.getByRole('checkbox').check();
    await certificates.getByRole('button', { name: /Emitir atestado/ }).click();
    await certificates.getByRole('link', { name: 'Imprimir' }).waitFor();
    await page.getByTestId('encounter-sign').click();
    await page.getByTestId('signature-line').waitFor();

    await page.getByTestId('prescription-print').click();
    await page.getByTestId('printed-document').waitFor();
    expect(await page.getByTestId('printed-copy').count()).toBe(2);
    await screenshotsAtEveryWidth(page, 'prescription-controlled');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('document-pdf').click(),
    ]);
    const pdf = await pdfText(await download.path());
    const text = pdf.text.join(' ').replace(/\s+/g, ' ');
    expect(pdf.width).toBeGreaterThan(pdf.height);
    expect(pdf.pages).toBe(1);
    for (const expected of [
      '1ª via — retenção da farmácia ou drogaria',
      '2ª via — orientação ao paciente',
      'Receituário de controle especial',
      'Quantidade: 30 (trinta) comprimidos',
      'Identificação do comprador',
      'Identificação do fornecedor',
    ])
      expect(text).toContain(expected);
    expect(text.split('Quantidade: 30 (trinta) comprimidos').length - 1).toBe(2);

    await page.goBack();
    await page.getByTestId('certificates').getByRole('link', { name: 'Imprimir' }).click();
    const certificate = page.getByTestId('printed-document');
    await certificate.waitFor();
    expect(await certificate.textContent()).toMatch(/necessita de 2 dias de afastamento/);
    expect(await certificate.textContent()).toContain(
      'CID-10: F41.1 (informado com autorização do paciente).',
    );
    await screenshot(page, 'certificate-printed');
    await page.goBack();
    await page.getByTestId('referrals').getByRole('link', { name: 'Imprimir' }).click();
    await page.getByTestId('printed-document').filter({ hasText: 'Psiquiatria' }).waitFor();
    await screenshot(page, 'referral-printed');

    await page.getByRole('combobox', { name: 'Idioma' }).first().selectOption('es');
    await page.goBack();
    await page.getByTestId('summary-print').click();
    const summary = page.getByTestId('printed-document');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Resumen de la consulta');
    expect(await summary.textContent()).toContain('F41.1');
    await screenshot(page, 'summary-printed-es');
    await page.getByRole('combobox', { name: 'Idioma' }).first().selectOption('pt-BR');
    await doctor.context.close();
  });
});
