/**
 * Opening a 1 MiB photo in the real app in Chromium (real IndexedDB), from "Open" to the image
 * decoded on screen: from the downloads cache (hit) against the baseline of a miss in the same run
 * (download, SHA-256 check, store, then show), timed inside the page. Device A attaches the
 * photo; device B opens it.
 */
import { deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { buildApp, signIn, startAppUnderTest } from '../../tests/e2e/support/app-under-test.ts';

const RUNS = 15;

/** A 592×592 RGB PNG of noise (about 1 MiB: noise does not compress). */
function noisePng(): Buffer {
  const side = 592;
  const raw = Buffer.alloc((side * 3 + 1) * side);
  for (let i = 0; i < raw.length; i++) raw[i] = i % (side * 3 + 1) === 0 ? 0 : (Math.random() * 256) | 0;
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * Clicks "Open" and waits for the image to be decoded, timed inside the page (a mutation observer
 * sees the image arrive), so the driver's own round trips are not counted.
 */
async function timeOpen(page: Page): Promise<number> {
  const ms = await page.evaluate(`(async () => {
    const t0 = performance.now();
    const shown = new Promise((resolve) => {
      const found = () => document.querySelector('[data-testid=file-preview-image]');
      if (found()) return resolve(found());
      const observer = new MutationObserver(() => {
        if (found()) { observer.disconnect(); resolve(found()); }
      });
      observer.observe(document.body, { childList: true, subtree: true });
    });
    document.querySelector('[data-testid=file-open]').click();
    const image = await shown;
    await image.decode();
    return performance.now() - t0;
  })()`);
  await page.getByRole('button', { name: 'Fechar' }).click();
  await page.getByTestId('file-preview').waitFor({ state: 'detached' });
  return Number(ms);
}

/** Drops the cached bytes in the page's IndexedDB (a string: the page runs it as is). */
const evictAll = `(async () => {
  const names = (await indexedDB.databases()).map((d) => d.name).filter((n) => n && n.endsWith('-file-blobs'));
  for (const name of names) {
    const db = await new Promise((ok, fail) => { const r = indexedDB.open(name); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
    const tx = db.transaction(['blobs', 'blob_info'], 'readwrite');
    tx.objectStore('blobs').clear();
    tx.objectStore('blob_info').clear();
    await new Promise((ok) => { tx.oncomplete = ok; });
    db.close();
  }
})()`;

buildApp();
const app = await startAppUnderTest();
try {
  const { rows } = await app.server.db.query<{ id: string }>(
    'select id from patients order by full_name limit 1',
  );
  const patientId = rows[0]!.id;
  const a = await (await app.newContext()).newPage();
  await signIn(a, 'recepcao@clinica.example');
  await a.goto(`/patients/${patientId}`);
  const png = noisePng();
  await a
    .getByTestId('file-input')
    .first()
    .setInputFiles({ name: 'foto.png', mimeType: 'image/png', buffer: png });
  const uploaded = async () =>
    (
      await app.server.db.query<{ n: number }>(
        `select count(*)::int as n from files where name = 'foto.png' and uploaded_at is not null`,
      )
    ).rows[0]?.n;
  for (let i = 0; (await uploaded()) !== 1; i++) {
    if (i > 300) throw new Error('the photo was not uploaded');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const b = await (await app.newContext()).newPage();
  b.setDefaultTimeout(30_000);
  await signIn(b, 'medica@clinica.example');
  await b.goto(`/patients/${patientId}`);
  await b.getByTestId('file-item').filter({ hasText: 'foto.png' }).waitFor();
  const misses: number[] = [];
  const hits: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await b.evaluate(evictAll);
    misses.push(await timeOpen(b));
    hits.push(await timeOpen(b));
  }
  const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? 0;
  console.log(
    `photo: ${(png.length / 1024 / 1024).toFixed(2)} MiB PNG, ${RUNS} runs, open click → image decoded, Chromium`,
  );
  console.log(
    `baseline: cache miss (download + SHA-256 + store + show), median ${median(misses).toFixed(0)} ms`,
  );
  console.log(
    `cache hit (IndexedDB + show), median ${median(hits).toFixed(0)} ms (${(median(misses) / median(hits)).toFixed(1)}x faster than a miss)`,
  );
} finally {
  await app.close();
}
