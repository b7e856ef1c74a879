import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import {
  buildApp,
  screenshot,
  signIn,
  startAppUnderTest,
  type AppUnderTest,
} from './support/app-under-test.ts';

// The front desk on the agenda's time grid: booking an empty slot with the patient picker,
// dragging an appointment onto a taken time (the double booking is named before anything is
// written), arrival marked at reception reaching the doctor's waiting list on another device,
// and the grid on a phone and a tablet.

let app: AppUnderTest;

const doctor = 'a0000000-0000-4000-8000-000000000002';
const saoPaulo = 'b0000000-0000-4000-8000-000000000001';

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

/** A signed-in device; `timezoneId` is the device's own zone (the agenda must show the branch's). */
async function device(email: string, timezoneId = 'America/Sao_Paulo'): Promise<Device> {
  const context = await app.browser.newContext({
    baseURL: app.server.url,
    locale: 'pt-BR',
    timezoneId,
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('dialog', (dialog) => void dialog.accept());
  await signIn(page, email);
  return { context, page };
}

/** A day `days` from today in São Paulo, as 2026-12-08. */
function dayAhead(days: number): string {
  const date = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(date);
}

const server = () => app.server.db;

/** The patient's live appointments on `day` (São Paulo), by start then creation. */
async function serverAppointments(patientId: string, day: string) {
  return (
    await server().query<{
      id: string;
      starts_at: Date;
      ends_at: Date;
      professional_id: string;
      status: string;
    }>(
      `select id, starts_at, ends_at, professional_id, status from appointments
        where patient_id = $1 and deleted_at is null
          and starts_at >= ($2 || 'T00:00:00-03:00')::timestamptz and starts_at < ($2 || 'T23:59:59-03:00')::timestamptz
        order by starts_at, created_at`,
      [patientId, day],
    )
  ).rows;
}

/** A timestamp the database answered (a Date or text, per driver) as ISO text. */
const iso = (value: Date | string | undefined) => (value === undefined ? '' : new Date(value).toISOString());

/** Clicks an empty slot of the grid (the events layer above the slots takes the click, as for a person). */
async function clickSlot(page: Page, hhmm: string) {
  const slot = page.locator(`.rbc-day-slot .agenda-slot--${hhmm}`).first();
  await slot.scrollIntoViewIfNeeded();
  const box = await slot.boundingBox();
  if (!box) throw new Error(`no slot at ${hhmm}`);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

/** The document is no wider than the window: nothing pushes the page sideways. */
async function expectNoSideways(page: Page, name: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name} is ${overflow}px too wide`).toBeLessThanOrEqual(0);
}

async function openAgenda(page: Page, query: string) {
  await page.goto(`/agenda?branch=${saoPaulo}&${query}`);
  await page.getByTestId('agenda-grid').waitFor();
}

describe('the agenda at the front desk', () => {
  let reception: Device;
  const day = dayAhead(40);
  let patient: { id: string; full_name: string; birth_date: string };

  beforeAll(async () => {
    // A device in Tegucigalpa's zone booking for São Paulo: the grid must show São Paulo's hours.
    reception = await device('recepcao@clinica.example', 'America/Tegucigalpa');
    const rows = await server().query<{ id: string; full_name: string; birth_date: string }>(
      "select id, full_name, to_char(birth_date, 'DD/MM/YYYY') as birth_date from patients where id = 'd0000000-0000-4000-8000-000000000007'",
    );
    patient = rows.rows[0] as typeof patient;
  });

  it('books an empty slot: the slot prefilled, the patient found by the instant search, back on the agenda at that slot', async () => {
    const { page } = reception;
    await openAgenda(page, `date=${day}&focus=${doctor}&at=10:00`);
    await expect
      .poll(() => page.getByTestId('agenda').getAttribute('data-zone'), { timeout: 30_000 })
      .toBe('America/Sao_Paulo');
    await screenshot(page, 'agenda-grid-1280');
    await clickSlot(page, '1000');
    await page.getByTestId('booking-form').waitFor();
    expect(await page.getByTestId('booking-professional').inputValue()).toBe(doctor);
    expect(await page.getByTestId('booking-start').inputValue()).toBe(`${day}T10:00`);

    // The picker searches as the patient list does; the match shows age and birth date.
    const [first, second] = patient.full_name.split(' ');
    await page.getByTestId('booking-patient-search').fill(`${first} ${second?.slice(0, 3) ?? ''}`);
    const option = page.getByTestId('booking-patient-option').filter({ hasText: patient.birth_date });
    await option.first().waitFor();
    expect(await option.first().textContent()).toMatch(/\d+ anos/);
    await option.first().click();
    await page.getByTestId('picked-patient').filter({ hasText: patient.full_name }).waitFor();

    // The service sets the length (Retorno: 20 minutes) and shows the price.
    await page.getByTestId('booking-service').selectOption({ label: 'Retorno' });
    expect(await page.getByTestId('booking-end').inputValue()).toBe(`${day}T10:20`);
    expect(await page.getByTestId('booking-price').textContent()).toMatch(/R\$\s?120,00/);
    await screenshot(page, 'booking-form');
    await page.getByTestId('booking-save').click();

    await page.waitForURL(/\/agenda\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get('date')).toBe(day);
    expect(url.searchParams.get('at')).toBe('10:00');
    await page.getByTestId('appointment-event').filter({ hasText: patient.full_name }).first().waitFor();

    // On the server: 10:00 in São Paulo (UTC-3), though the device's clock is in Tegucigalpa.
    await expect
      .poll(async () => (await serverAppointments(patient.id, day)).map((a) => iso(a.starts_at)), {
        timeout: 30_000,
      })
      .toContain(`${day}T13:00:00.000Z`);
    const booked = (await serverAppointments(patient.id, day)).find(
      (a) => iso(a.starts_at) === `${day}T13:00:00.000Z`,
    );
    expect(iso(booked?.ends_at)).toBe(`${day}T13:20:00.000Z`);
    expect(booked?.professional_id).toBe(doctor);
    expect(booked?.status).toBe('scheduled');
  });

  it('cancelling a booking writes nothing and returns to the agenda', async () => {
    const { page } = reception;
    await openAgenda(page, `date=${day}&focus=${doctor}&at=15:00`);
    await clickSlot(page, '1500');
    await page.getByTestId('booking-form').waitFor();
    await page.getByTestId('booking-cancel').click();
    await page.waitForURL(/\/agenda\?/);
    expect(new URL(page.url()).searchParams.get('at')).toBe('15:00');
    expect((await serverAppointments(patient.id, day)).length).toBe(1);
  });

  it('drags an appointment onto a taken time: the double booking is named, and written only once confirmed', async () => {
    const { page } = reception;
    // A second appointment of the same doctor at 11:00, booked from its slot.
    await openAgenda(page, `date=${day}&focus=${doctor}&at=11:00`);
    await clickSlot(page, '1100');
    await page.getByTestId('booking-patient-search').fill(patient.full_name);
    await page.getByTestId('booking-patient-option').filter({ hasText: patient.birth_date }).first().click();
    await page.getByTestId('booking-save').click();
    await page.waitForURL(/at=11%3A00|at=11:00/);
    await expect
      .poll(async () => (await serverAppointments(patient.id, day)).length, { timeout: 30_000 })
      .toBe(2);
    const moved = (await serverAppointments(patient.id, day))[1];
    // Both times in view (the grid opens half an hour before 10:00).
    await openAgenda(page, `date=${day}&focus=${doctor}&at=10:00`);
    const event = page.locator(`[data-testid="appointment-event"][data-id="${moved?.id}"]`);
    await event.waitFor();

    // Drag it by its right edge (past the patient's name, which is a link) onto 10:00.
    const box = page.locator('.rbc-event', { has: event });
    const from = await box.boundingBox();
    const target = await page.locator('.rbc-day-slot .agenda-slot--1000').first().boundingBox();
    const origin = await page.locator('.rbc-day-slot .agenda-slot--1100').first().boundingBox();
    if (!from || !target || !origin) throw new Error('the event or the slots are not on screen');
    // The event keeps where it was grabbed: moving the pointer up by 11:00 → 10:00 moves it one hour.
    const grabX = from.x + from.width - 6;
    const grabY = from.y + from.height / 2;
    await page.mouse.move(grabX, grabY);
    await page.mouse.down();
    await page.mouse.move(grabX, grabY - 10, { steps: 4 });
    await page.mouse.move(grabX, grabY + (target.y - origin.y), { steps: 12 });
    await page.mouse.up();
    const dialog = page.getByTestId('move-dialog');
    await dialog.waitFor();
    expect(await dialog.getByTestId('double-booking').textContent()).toContain(
      'A profissional já tem outro agendamento neste horário.',
    );
    await screenshot(page, 'agenda-move-clash');
    // Nothing written before the confirmation.
    expect(iso((await serverAppointments(patient.id, day))[1]?.starts_at)).toBe(`${day}T14:00:00.000Z`);
    await dialog.getByTestId('move-confirm').click();
    await expect
      .poll(async () => (await serverAppointments(patient.id, day)).map((a) => iso(a.starts_at)), {
        timeout: 30_000,
      })
      .toEqual([`${day}T13:00:00.000Z`, `${day}T13:00:00.000Z`]);
    // Both sides of the double booking are flagged on the grid.
    await expect
      .poll(() => page.locator('[data-testid="appointment-event"][data-clash="true"]').count())
      .toBeGreaterThanOrEqual(2);
  });

  it('offers only the allowed moves: a completed appointment cannot be cancelled', async () => {
    const { page } = reception;
    const [first] = await serverAppointments(patient.id, day);
    // The visit happened and was closed on another device.
    await server().query("update appointments set status = 'completed' where id = $1", [first?.id]);
    await openAgenda(page, `date=${day}&focus=${doctor}&at=10:00`);
    const event = page.locator(`[data-testid="appointment-event"][data-id="${first?.id}"]`);
    await expect.poll(() => event.getAttribute('data-status'), { timeout: 30_000 }).toBe('completed');
    await page.locator('.rbc-event', { has: event }).locator('.rbc-event-label').click();
    const panel = page.getByTestId('appointment-panel');
    await panel.waitFor();
    expect(await panel.getByTestId('move-cancelled').count()).toBe(0);
    expect(await panel.textContent()).toContain('Situação final');
    // The patient's name opens the chart.
    await panel.getByTestId('panel-patient').click();
    await page.waitForURL(new RegExp(`/patients/${patient.id}$`));
  });

  it('arrival marked at reception shows in the doctor’s waiting list on another device, with the time', async () => {
    const { page } = reception;
    // Today's appointment of the doctor at 19:00 in São Paulo.
    const id = crypto.randomUUID();
    const today = dayAhead(0);
    await server().query(
      `insert into appointments (id, patient_id, professional_id, branch_id, starts_at, ends_at, status)
       values ($1, $2, $3, $4, ($5 || 'T19:00:00-03:00')::timestamptz, ($5 || 'T19:15:00-03:00')::timestamptz, 'scheduled')`,
      [id, patient.id, doctor, saoPaulo, today],
    );
    const medic = await device('medica@clinica.example');
    await medic.page.goto('/my-day');
    await medic.page.getByTestId('my-day').waitFor();

    await openAgenda(page, `focus=${doctor}&at=19:00`);
    const event = page.locator(`[data-testid="appointment-event"][data-id="${id}"]`);
    await event.waitFor({ timeout: 30_000 });
    await page.locator('.rbc-event', { has: event }).locator('.rbc-event-label').click();
    await page.getByTestId('appointment-panel').getByTestId('check-in').click();
    await expect.poll(() => event.getAttribute('data-status')).toBe('checked_in');

    const waiting = medic.page.getByTestId('waiting-patient').filter({ hasText: patient.full_name });
    await waiting.waitFor({ timeout: 30_000 });
    expect(await waiting.textContent()).toMatch(/chegou às \d{2}:\d{2}/);
    const stored = await server().query<{ status: string; checked_in_at: Date | null }>(
      'select status, checked_in_at from appointments where id = $1',
      [id],
    );
    expect(stored.rows[0]?.status).toBe('checked_in');
    expect(stored.rows[0]?.checked_in_at).not.toBeNull();
    await medic.context.close();
  });

  it('fits a phone (390 px, one column of one day) and a tablet (1024 px) without sideways scrolling', async () => {
    const { page } = reception;
    await page.setViewportSize({ width: 390, height: 844 });
    await openAgenda(page, `date=${day}&at=10:00`);
    await page.getByTestId('appointment-event').first().waitFor();
    // One column: the first professional, chosen in the column list.
    expect(await page.locator('.rbc-row-resource .rbc-header').count()).toBe(1);
    await expectNoSideways(page, 'agenda at 390 px');
    await screenshot(page, 'agenda-390');
    await clickSlot(page, '1600');
    await page.getByTestId('booking-form').waitFor();
    await expectNoSideways(page, 'booking at 390 px');
    await screenshot(page, 'booking-390');

    await page.setViewportSize({ width: 1024, height: 768 });
    await openAgenda(page, `date=${day}&at=10:00`);
    await page.getByTestId('appointment-event').first().waitFor();
    await expectNoSideways(page, 'agenda at 1024 px');
    await screenshot(page, 'agenda-1024');
    await page.getByLabel('Visão').selectOption('week');
    await page.getByTestId('agenda-grid').locator('.rbc-time-view').waitFor();
    await expect.poll(() => page.locator('.rbc-time-header .rbc-header').count()).toBe(7);
    await expectNoSideways(page, 'agenda week at 1024 px');
    await screenshot(page, 'agenda-week-1024');
  });
});
