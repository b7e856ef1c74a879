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

// A real 2×2 PNG, so the preview must decode it.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg==',
  'base64',
);

let app: AppUnderTest;
let context: BrowserContext;
let page: Page;
let patientId: string;

beforeAll(async () => {
  buildApp();
  app = await startAppUnderTest();
  const { rows } = await app.server.db.query<{ id: string }>(
    'select id from patients where deleted_at is null order by full_name limit 1',
  );
  patientId = rows[0]!.id;
  context = await app.newContext();
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
});

afterAll(async () => {
  await app?.close();
});

async function previewDecodes(target: Page): Promise<number> {
  const image = target.getByTestId('file-preview-image');
  await image.waitFor();
  return image.evaluate((element) =>
    (element as HTMLImageElement).decode().then(() => (element as HTMLImageElement).naturalWidth),
  );
}

describe('files, offline first', () => {
  it('attaches a photo offline, keeps it across a reload and opens it from the device', async () => {
    await signIn(page, 'recepcao@clinica.example');
    await page.goto(`/patients/${patientId}`);
    await page.getByTestId('files-patients').waitFor();
    await waitForOfflineReady(page);
    await context.setOffline(true);
    await page
      .getByTestId('file-input')
      .first()
      .setInputFiles({ name: 'carteirinha.png', mimeType: 'image/png', buffer: png });
    const item = page.getByTestId('file-item').filter({ hasText: 'carteirinha.png' });
    await item.waitFor();
    await page.reload();
    await item.waitFor();
    expect(['queued', 'waiting', 'uploading']).toContain(await item.getAttribute('data-state'));
    await item.getByTestId('file-open').click();
    expect(await previewDecodes(page)).toBe(2);
    await screenshot(page, 'file-offline-preview');
    await page.getByRole('button', { name: 'Fechar' }).click();
  });

  it('uploads it when the link returns and opens it on another device', async () => {
    await context.setOffline(false);
    const uploaded = async () =>
      (
        await app.server.db.query<{ n: number }>(
          `select count(*)::int as n from files f join storage.objects o on o.bucket_id = f.bucket and o.name = f.path
            where f.name = 'carteirinha.png' and f.uploaded_at is not null`,
        )
      ).rows[0]?.n;
    await expect.poll(uploaded, { timeout: 30_000 }).toBe(1);

    const other = await app.newContext();
    const pageB = await other.newPage();
    pageB.setDefaultTimeout(20_000);
    await signIn(pageB, 'medica@clinica.example');
    await pageB.goto(`/patients/${patientId}`);
    const item = pageB.getByTestId('file-item').filter({ hasText: 'carteirinha.png' });
    await item.waitFor({ timeout: 30_000 });
    await expect.poll(() => item.getAttribute('data-state'), { timeout: 20_000 }).toBe('uploaded');
    await item.getByTestId('file-open').click();
    expect(await previewDecodes(pageB)).toBe(2);
    await screenshot(pageB, 'file-second-device-preview');
    await other.close();
  });
});
