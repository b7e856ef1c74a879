import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  artifactsDir,
  buildApp,
  signIn,
  startAppUnderTest,
  type AppUnderTest,
} from './support/app-under-test.ts';
import { ptBR } from '../../src/app/i18n/locales/pt-BR.ts';
import { syncedTableNames } from '../../src/core/synced-tables.ts';
import { clinicTables } from '../../src/core/schema/clinic-tables.ts';
import { valueLabelList } from '../../src/app/i18n/value-label.ts';

// Issue 12: nothing in the pt-BR interface shows an English or raw database message, an
// untranslated key or a raw value. The test walks every screen a clinic's admin can open (each
// table's list, new form and first record included) and reads what a person would read.
let app: AppUnderTest;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  buildApp();
  app = await startAppUnderTest();
  context = await app.newContext();
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await signIn(page, 'admin@clinica.example');
  await page.getByRole('link', { name: 'Pacientes', exact: true }).click();
  await page.getByTestId('patient-row').first().waitFor({ timeout: 60_000 });
});

afterAll(async () => {
  await app?.close();
});

/** Words only an English screen would show (whole words, case-sensitive where it matters). */
const englishWords = [
  'Save',
  'Cancel',
  'Delete',
  'Loading',
  'Error',
  'Patients',
  'Appointments',
  'Settings',
  'Search',
  'Submit',
  'Sign out',
  'pending',
  'Synced',
  'required',
  'Required',
  'failed',
  'Unknown',
  'Yes',
  'No',
  'None',
  'Back',
  'Edit',
  'New',
  // Words every English sentence has and no Portuguese one does.
  'the',
  'The',
  'and',
  'with',
  'from',
  'your',
  'this',
  'that',
  'been',
  'have',
  'will',
];

type Tree = { readonly [key: string]: string | Tree };

/**
 * Stored values shown raw: every value a catalogue column allows whose Portuguese words differ
 * from it (`scheduled`, `paid`, `female`; not `nasal`, which reads "via nasal").
 */
const rawValues = [
  ...new Set(
    clinicTables.flatMap((table) =>
      table.columns.flatMap((column) => {
        const list = valueLabelList(table.name, column.name);
        if (!column.values || list === null) return [];
        return column.values.filter((value) => {
          let label: string | Tree | undefined = ptBR as unknown as Tree;
          for (const part of `${list}.${value}`.split('.'))
            label = typeof label === 'object' ? label[part] : undefined;
          return (
            value.length >= 4 &&
            typeof label === 'string' &&
            !label.toLowerCase().includes(value.toLowerCase())
          );
        });
      }),
    ),
  ),
];

/** What a database, a driver or a bug would put on screen. */
const rawMessages = [
  /violates/i,
  /constraint/i,
  /null value/i,
  /duplicate key/i,
  /permission denied/i,
  /row-level security/i,
  /syntax error/i,
  /\bundefined\b/,
  /\bNaN\b/,
  /\[object Object\]/,
  /Invalid Date/,
  /\{\{/,
  /TypeError|ReferenceError|DatabaseClosedError|AbortError/,
];

/** Untranslated keys show as `namespace.key`. */
const keyPattern = new RegExp(`\\b(?:${Object.keys(ptBR).join('|')})\\.[a-zA-Z_]+`);

/** Raw identifiers (table names, column names, enum values with an underscore). */
const snakeCase = /\b[a-z]+(?:_[a-z]+)+\b/;

interface Finding {
  readonly path: string;
  readonly what: string;
  readonly text: string;
}

/** What a person reads on the page: the visible text, the labels of controls and their options. */
async function readableText(target: Page): Promise<string> {
  return target.evaluate(() => {
    const parts = [document.body.innerText];
    for (const element of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
      for (const name of ['aria-label', 'title', 'placeholder']) {
        const value = element.getAttribute(name);
        if (value) parts.push(value);
      }
    }
    for (const option of document.querySelectorAll('option')) parts.push(option.textContent ?? '');
    return parts.join('\n');
  });
}

function findingsIn(path: string, text: string): Finding[] {
  const found: Finding[] = [];
  for (const line of text.split('\n')) {
    // E-mail addresses and paths are data, not words.
    const words = line.replace(/\S+@\S+/g, ' ').replace(/\S+\.(?:pdf|png|jpe?g|webp|txt)\b/gi, ' ');
    for (const word of englishWords)
      if (new RegExp(`(^|[^\\p{L}])${word}([^\\p{L}]|$)`, 'u').test(words))
        found.push({ path, what: `English "${word}"`, text: line });
    for (const value of rawValues)
      if (new RegExp(`(^|[^\\p{L}])${value}([^\\p{L}]|$)`, 'u').test(words))
        found.push({ path, what: `raw value "${value}"`, text: line });
    for (const pattern of rawMessages)
      if (pattern.test(words)) found.push({ path, what: `raw ${pattern}`, text: line });
    if (keyPattern.test(words)) found.push({ path, what: 'untranslated key', text: line });
    if (snakeCase.test(words)) found.push({ path, what: 'raw identifier', text: line });
  }
  return found;
}

async function visit(path: string): Promise<Finding[]> {
  // Moved inside the app, as a person clicking would: a reload per screen would only measure boot.
  await page.evaluate((to) => {
    history.pushState({}, '', to);
    dispatchEvent(new PopStateEvent('popstate'));
  }, path);
  await page.waitForURL((url) => url.pathname === path);
  await page.locator('main').waitFor();
  // Screens read IndexedDB as they open: wait until no loading state is left.
  const loading = page.locator('main .state').filter({ hasText: /^(…|Carregando.*)$/ });
  await expect.poll(() => loading.count(), { timeout: 20_000, message: `${path} is still loading` }).toBe(0);
  await page.waitForTimeout(150);
  const text = await readableText(page);
  expect((await page.locator('main').innerText()).trim().length, `${path} shows nothing`).toBeGreaterThan(10);
  return findingsIn(path, text);
}

async function firstId(table: string): Promise<string | null> {
  const { rows } = await app.server.db.query<{ id: string }>(
    `select id::text from ${table} where deleted_at is null order by id limit 1`,
  );
  return rows[0]?.id ?? null;
}

describe('every pt-BR screen speaks Portuguese', () => {
  it('shows no English, no raw database message, no untranslated key and no raw identifier', async () => {
    const paths = [
      '/my-day',
      '/patients',
      '/patients/new',
      '/agenda',
      '/agenda/book',
      '/billing',
      '/billing/cash',
      '/stock',
      '/settings',
      '/storage',
      '/sync',
      '/conflicts',
      '/trash',
      '/duplicates',
      '/data',
    ];
    const patient = await firstId('patients');
    if (patient) paths.push(`/patients/${patient}`, `/patients/${patient}/edit`);
    const encounter = await firstId('encounters');
    if (encounter) paths.push(`/encounters/${encounter}`);
    const invoice = await firstId('invoices');
    if (invoice) paths.push(`/billing/invoices/${invoice}`);
    const item = await firstId('inventory_items');
    if (item) paths.push(`/stock/${item}`);
    for (const table of syncedTableNames) {
      paths.push(`/data/${table}`, `/data/${table}/new`);
      const id = await firstId(table);
      if (id) paths.push(`/data/${table}/${id}`);
    }
    const findings: Finding[] = [];
    for (const path of paths) findings.push(...(await visit(path)));
    const report = [...new Set(findings.map((f) => `${f.path}: ${f.what}: ${f.text.slice(0, 160)}`))];
    await writeFile(join(artifactsDir, 'pt-br-words.txt'), report.join('\n'));
    expect(report).toEqual([]);
  });
});
