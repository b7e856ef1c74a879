/**
 * Renders the PWA icons (public/icons/*.png) from public/icons/icon.svg with headless Chromium.
 * Run once after changing the SVG: `npx tsx tests/e2e/support/render-icons.ts`; the PNGs are
 * committed so the build needs no browser.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.ts';

const iconsDir = fileURLToPath(new URL('../../../public/icons/', import.meta.url));

interface IconSpec {
  readonly file: string;
  readonly size: number;
  /** Maskable icons keep their content inside the central 80% safe zone on a full-bleed background. */
  readonly maskable: boolean;
}

const icons: readonly IconSpec[] = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  { file: 'icon-maskable-512.png', size: 512, maskable: true },
];

function pageFor(svg: string, spec: IconSpec): string {
  const inner = spec.maskable ? Math.round(spec.size * 0.72) : spec.size;
  const svgData = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  return `<!doctype html><html><body style="margin:0;background:${spec.maskable ? '#0f5c63' : 'transparent'}">
    <div style="width:${spec.size}px;height:${spec.size}px;display:flex;align-items:center;justify-content:center">
      <img src="${svgData}" width="${inner}" height="${inner}"></div></body></html>`;
}

const svg = await readFile(`${iconsDir}icon.svg`, 'utf8');
const browser = await launchChromium();
try {
  for (const spec of icons) {
    const page = await browser.newPage({ viewport: { width: spec.size, height: spec.size } });
    await page.setContent(pageFor(svg, spec));
    await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
    const png = await page.screenshot({ omitBackground: !spec.maskable, type: 'png' });
    await writeFile(`${iconsDir}${spec.file}`, png);
    await page.close();
    console.log(`${spec.file}: ${png.length} bytes`);
  }
} finally {
  await browser.close();
}
