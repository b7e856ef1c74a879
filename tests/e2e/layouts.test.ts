import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import {
  artifactsDir,
  buildApp,
  signIn,
  startAppUnderTest,
  type AppUnderTest,
} from './support/app-under-test.ts';

// Every main screen on a phone (390 × 844) and a tablet (1024 × 768), both touch: the page is never
// wider than the screen (no sideways scrolling), the navigation is reachable, and a screenshot of
// each screen at each size lands in test-artifacts/layouts (git-ignored) for a person to look at.

const sizes = [
  { name: 'phone', width: 390, height: 844, mobile: true },
  { name: 'tablet', width: 1024, height: 768, mobile: false },
] as const;

const shotsDir = join(artifactsDir, 'layouts');

let app: AppUnderTest;

beforeAll(async () => {
  buildApp();
  app = await startAppUnderTest();
  await mkdir(shotsDir, { recursive: true });
});

afterAll(async () => {
  await app?.close();
});

async function device(size: (typeof sizes)[number]): Promise<{ context: BrowserContext; page: Page }> {
  const context = await app.browser.newContext({
    baseURL: app.server.url,
    locale: 'pt-BR',
    timezoneId: 'America/Sao_Paulo',
    viewport: { width: size.width, height: size.height },
    isMobile: size.mobile,
    hasTouch: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('dialog', (dialog) => void dialog.accept());
  await signIn(page, 'admin@clinica.example');
  return { context, page };
}

/** The page's width and, when it is wider than `width`, the outermost elements that stick out. */
async function overflow(page: Page, width: number): Promise<{ width: number; culprits: string[] }> {
  return page.evaluate((limit) => {
    const culprits: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>('body *')) {
      const box = element.getBoundingClientRect();
      if (box.right <= limit + 1 || box.width === 0) continue;
      // Inside a scrolling box (a wide table in its wrapper) is fine: only the page must fit.
      let parent = element.parentElement;
      let scrolled = false;
      while (parent && parent !== document.body) {
        const style = getComputedStyle(parent);
        if (
          /(auto|scroll|hidden)/.test(style.overflowX) &&
          parent.getBoundingClientRect().right <= limit + 1
        ) {
          scrolled = true;
          break;
        }
        parent = parent.parentElement;
      }
      if (!scrolled)
        culprits.push(`${element.tagName.toLowerCase()}.${element.className} → ${Math.round(box.right)}px`);
    }
    return { width: document.documentElement.scrollWidth, culprits: culprits.slice(0, 8) };
  }, width);
}

async function firstPatientId(page: Page): Promise<string> {
  await page.goto('/patients');
  const href = await page.getByTestId('patient-row').first().getAttribute('href');
  return href?.split('/').pop() ?? '';
}

/** Goes to `path` and waits until its screen has a heading. */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.locator('main h1').first().waitFor();
  // Live queries fill the screen a moment after the heading.
  await page.waitForTimeout(400);
}

describe.each(sizes)('the main screens on a $name ($width px)', (size) => {
  let context: BrowserContext;
  let page: Page;
  let patientId: string;

  beforeAll(async () => {
    ({ context, page } = await device(size));
    patientId = await firstPatientId(page);
  });

  afterAll(async () => {
    await context?.close();
  });

  const screens = (): [string, string][] => [
    ['my-day', '/my-day'],
    ['patients', '/patients'],
    ['patient-chart', `/patients/${patientId}`],
    ['patient-form', `/patients/${patientId}/edit`],
    ['patient-new', '/patients/new'],
    ['agenda', '/agenda'],
    ['agenda-book', '/agenda/book'],
    ['billing', '/billing'],
    ['billing-cash', '/billing/cash'],
    ['stock', '/stock'],
    ['data', '/data'],
    ['data-patients', '/data/patients'],
    ['data-invoices', '/data/invoices'],
    ['data-appointment-new', '/data/appointments/new'],
    ['duplicates', '/duplicates'],
    ['trash', '/trash'],
    ['conflicts', '/conflicts'],
    ['sync', '/sync'],
    ['storage', '/storage'],
    ['settings', '/settings'],
  ];

  it('fits every screen in the width of the device, with no sideways scrolling', async () => {
    // The measure itself sees a page made too wide, and names what sticks out.
    await open(page, '/patients');
    await page.evaluate(() => {
      const wide = document.createElement('div');
      wide.id = 'too-wide';
      wide.style.width = '1200px';
      wide.style.height = '1px';
      document.querySelector('main')?.append(wide);
    });
    const probe = await overflow(page, size.width);
    expect(probe.width).toBeGreaterThan(size.width);
    expect(probe.culprits.join(' ')).toContain('div.');
    await page.evaluate(() => document.getElementById('too-wide')?.remove());

    const wide: string[] = [];
    for (const [name, path] of screens()) {
      await open(page, path);
      await page.screenshot({ path: join(shotsDir, `${size.name}-${name}.png`), fullPage: true });
      const found = await overflow(page, size.width);
      if (found.width > size.width) wide.push(`${name}: ${found.width}px (${found.culprits.join('; ')})`);
    }
    expect(wide).toEqual([]);
  });

  it('reaches every screen from the navigation', async () => {
    await open(page, '/patients');
    const toggle = page.getByTestId('nav-toggle');
    const nav = page.getByRole('navigation', { name: 'Navegação principal' });
    if (size.mobile) {
      // On a phone the navigation folds behind one button and opens over the screen.
      expect(await nav.getByRole('link', { name: 'Agenda', exact: true }).isVisible()).toBe(false);
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      await toggle.click();
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      await page.screenshot({ path: join(shotsDir, `${size.name}-navigation-open.png`) });
    } else {
      expect(await toggle.isVisible()).toBe(false);
    }
    await nav.getByRole('link', { name: 'Agenda', exact: true }).click();
    await page.waitForURL(/\/agenda/);
    // After choosing a screen the phone's menu folds again.
    if (size.mobile) await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
    if (!size.mobile) {
      // A touch target on the tablet's row of tabs.
      const box = await nav.getByRole('link', { name: 'Lixeira', exact: true }).boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(40);
    }
  });

  it('turns a data table into a list of labelled records', async () => {
    await open(page, '/data/patients');
    const cell = page.getByTestId('data-table').locator('tbody tr').first().locator('td').first();
    const label = await cell.evaluate((td) => getComputedStyle(td, '::before').content);
    if (size.mobile) expect(label).toBe('"Nome completo"');
    else expect(label === 'none' || label === 'normal' || label === '""').toBe(true);
  });
});

describe('the patient form on a phone', () => {
  it('masks CPF, phone, birth date and Cartão SUS while typed and stores them canonical', async () => {
    const { context, page } = await device(sizes[0]);
    await open(page, '/patients/new');
    const name = page.getByLabel('Nome completo');
    // The required mark comes from the entity rules (patients.full_name).
    expect(await page.locator('label[for="patient-full_name"] .required-mark').count()).toBe(1);
    expect(await page.locator('label[for="patient-phone"] .required-mark').count()).toBe(0);
    expect(await name.getAttribute('aria-required')).toBe('true');
    await name.fill('Lúcia Máscara Teles');
    await page.getByLabel('Tipo de documento').selectOption('CPF');
    const cpf = page.getByLabel('Número do documento');
    await cpf.pressSequentially('52998224725');
    expect(await cpf.inputValue()).toBe('529.982.247-25');
    const phone = page.getByLabel('Telefone');
    await phone.pressSequentially('11987654321');
    expect(await phone.inputValue()).toBe('(11) 98765-4321');
    // Backspace over the dash takes the digit before it.
    await phone.press('End');
    for (let i = 0; i < 5; i++) await phone.press('Backspace');
    expect(await phone.inputValue()).toBe('(11) 9876');
    await phone.pressSequentially('54321');
    expect(await phone.inputValue()).toBe('(11) 98765-4321');
    const birth = page.getByLabel('Data de nascimento');
    await birth.pressSequentially('09031984');
    expect(await birth.inputValue()).toBe('09/03/1984');
    await page.getByLabel('Convênio', { exact: true }).fill('Unimed');
    await page.getByLabel('Plano').fill('Enfermaria');
    const card = page.getByLabel('Número da carteirinha');
    await card.pressSequentially('0 0123-45');
    expect(await card.inputValue()).toBe('0012345');
    const sus = page.getByLabel('Cartão SUS');
    await sus.pressSequentially('898001081000008');
    expect(await sus.inputValue()).toBe('898 0010 8100 0008');
    await page.getByTestId('patient-save').click();
    expect(await page.getByTestId('error-sus_card_number').getAttribute('data-code')).toBe('susInvalid');
    await page.screenshot({ path: join(shotsDir, 'phone-patient-form-masks.png'), fullPage: true });
    await sus.press('Backspace');
    await sus.pressSequentially('9');
    await expect.poll(() => page.getByTestId('form-problems').count()).toBe(0);
    await page.getByTestId('patient-save').click();
    await page.getByTestId('patient-detail').waitFor();

    const today = new Date();
    const age =
      today.getFullYear() -
      1984 -
      (today.getMonth() < 2 || (today.getMonth() === 2 && today.getDate() < 9) ? 1 : 0);
    expect(await page.getByTestId('patient-age').textContent()).toBe(`${age} anos`);
    const chart = await page.getByTestId('patient-detail').textContent();
    expect(chart).toContain('Unimed · Enfermaria');
    expect(chart).toContain('898 0010 8100 0009');

    const stored = async () =>
      (
        await app.server.db.query<Record<string, string>>(
          `select document_id, phone, birth_date::text as birth_date, insurance_name, insurance_plan,
                  insurance_card_number, sus_card_number from patients where full_name = 'Lúcia Máscara Teles'`,
        )
      ).rows[0];
    await expect.poll(stored, { timeout: 30_000 }).toEqual({
      document_id: '52998224725',
      phone: '+5511987654321',
      birth_date: '1984-03-09',
      insurance_name: 'Unimed',
      insurance_plan: 'Enfermaria',
      insurance_card_number: '0012345',
      sus_card_number: '898001081000009',
    });

    // The list names the age and writes the phone and CPF as people read them.
    await page.goto('/patients');
    await page.getByTestId('patient-search').fill('lucia mascara');
    const row = page.getByTestId('patient-row').filter({ hasText: 'Lúcia Máscara Teles' });
    await row.waitFor();
    expect(await row.getByTestId('patient-age').textContent()).toBe(`${age} anos`);
    expect(await row.getByTestId('patient-phone').textContent()).toBe('(11) 98765-4321');
    expect(await row.getByTestId('patient-document').textContent()).toBe('529.982.247-25');
    expect(await page.getByTestId('patient-count').textContent()).toBe('1 paciente');
    await page.getByTestId('patient-search').fill('ninguém com este nome');
    await expect.poll(() => page.getByTestId('patient-count').textContent()).toBe('0 pacientes');
    await page.screenshot({ path: join(shotsDir, 'phone-patients-search.png'), fullPage: true });
    await context.close();
  });
});
