import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHarness, serveFolder } from '../../tests/integration/browser/build-harness.ts';
import { chromiumLaunchOptions } from '../../tests/support/chromium-options.ts';
import type { Database } from '../../server/db/database.ts';

/**
 * The slice of the harness page (`tests/integration/browser/harness/harness.ts`) the benchmarks
 * call. Declared here because benchmarks typecheck without DOM types; reach it in callbacks with
 * `(globalThis as unknown as HarnessGlobal).harness`.
 */
export interface HarnessGlobal {
  readonly harness: {
    connect(): Promise<void>;
    disconnect(): Promise<void>;
    status(): Promise<{ readonly cursor: number; readonly phase: string; readonly pending: number }>;
    count(table: 'patients'): Promise<number>;
    insertPatients(count: number, prefix: string): Promise<number>;
    notesAre(ids: readonly string[], notes: string): Promise<boolean>;
    writeNotes(id: string, notes: string): Promise<number>;
    watchNotes(id: string, notes: string): Promise<void>;
    seenNotes(notes: string): Promise<number>;
    patientIds(count: number): Promise<string[]>;
    rawPutTimed(withVersion1Indexes?: boolean): Promise<{ rows: number; ms: number }>;
    naiveSyncTimed(): Promise<{ rows: number; ms: number }>;
    naivePushTimed(count: number, prefix: string): Promise<{ rows: number; ms: number }>;
  };
  readonly harnessError?: string;
}

/** Polls `check` in the page until it answers true. */
export async function until(
  page: Page,
  check: () => Promise<boolean>,
  intervalMs: number,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(check))) {
    if (Date.now() > deadline) throw new Error('benchmark condition not met in time');
    if (intervalMs > 0) await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Waits until the page's engine has pulled once and is idle (its first sync is done). */
export function untilFirstSync(page: Page, timeoutMs = 120_000): Promise<void> {
  return until(
    page,
    async () => {
      const status = await (globalThis as unknown as HarnessGlobal).harness.status();
      return status.cursor > 0 && status.phase === 'idle';
    },
    50,
    timeoutMs,
  );
}

/**
 * A Chromium profile with the engine harness page served next to a local server. `openHarness`
 * with an `origin` number serves the page from an origin of its own (another port): its own
 * IndexedDB backing store, Web Locks and broadcast channels, as on a separate device.
 */
export interface ChromiumBench {
  readonly context: BrowserContext;
  openHarness(query: Record<string, string>, origin?: number): Promise<Page>;
  close(): Promise<void>;
}

export async function startChromiumBench(): Promise<ChromiumBench> {
  const folder = await buildHarness();
  const sites = new Map<number, Awaited<ReturnType<typeof serveFolder>>>();
  const siteFor = async (origin: number) => {
    const served = sites.get(origin) ?? (await serveFolder(folder));
    sites.set(origin, served);
    return served;
  };
  const profileDir = await mkdtemp(join(tmpdir(), 'engine-bench-'));
  const context = await chromium.launchPersistentContext(
    profileDir,
    chromiumLaunchOptions(['--enable-precise-memory-info']),
  );
  return {
    context,
    async openHarness(query, origin = 0) {
      const site = await siteFor(origin);
      const page = await context.newPage();
      await page.goto(`${site.url}/?${new URLSearchParams(query).toString()}`);
      await page.waitForFunction(
        () => {
          const global = globalThis as unknown as Partial<HarnessGlobal>;
          return global.harness !== undefined || global.harnessError !== undefined;
        },
        undefined,
        { timeout: 60_000 },
      );
      const error = await page.evaluate(() => (globalThis as unknown as HarnessGlobal).harnessError ?? null);
      if (error) throw new Error(`harness failed: ${error}`);
      return page;
    },
    async close() {
      await context.close();
      for (const site of sites.values()) await site.close();
      await rm(profileDir, { recursive: true, force: true });
    },
  };
}

/**
 * Adds bulk patients straight into the table (triggers off, each row's rev taken from the load's
 * own transaction with sync.next_rev(), as the stamp trigger would): a benchmark shortcut to get
 * 100k rows on the server in seconds.
 */
export async function addBulkPatients(db: Database, count: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.exec(`set local session_replication_role = replica`);
    await tx.query(
      `insert into patients (id, full_name, document_type, document_id, phone, phone_normalized, branch_id, notes, rev, created_at, updated_at)
       select gen_random_uuid(), 'Paciente Carga ' || g, 'CPF', lpad(g::text, 11, '0'), '+55 11 9' || lpad((g % 100000000)::text, 8, '0'),
              '+55119' || lpad((g % 100000000)::text, 8, '0'), 'b0000000-0000-4000-8000-000000000001',
              'Observações de rotina do paciente ' || g, sync.next_rev(), now(), now()
         from generate_series(1, $1::int) g`,
      [count],
    );
  });
  await db.exec('vacuum analyze patients');
}

/** The highest rev any synced row holds: a device that pulled everything has a cursor at least this. */
export async function serverHead(db: Database): Promise<number> {
  return (await db.query<{ rev: number }>('select sync.highest_rev() as rev')).rows[0]?.rev ?? 0;
}

/** How many rows the synced tables hold, tombstones included: what an initial sync carries. */
export async function serverRowCount(db: Database): Promise<number> {
  const tables = await db.query<{ table_name: string }>('select table_name from sync.entity_settings');
  let total = 0;
  for (const { table_name } of tables.rows)
    total +=
      (await db.query<{ n: number }>(`select count(*)::int as n from public.${table_name}`)).rows[0]?.n ?? 0;
  return total;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
