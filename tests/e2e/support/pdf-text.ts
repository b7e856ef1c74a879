import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { projectRoot } from './app-under-test.ts';

export interface PdfText {
  readonly pages: number;
  /** Each page's text items joined by spaces, in drawing order. */
  readonly text: readonly string[];
  readonly width: number;
  readonly height: number;
}

/** Reads a PDF's text back with Mozilla's pdf.js (the same parser browsers use to show PDFs). */
export async function pdfText(file: string): Promise<PdfText> {
  const data = new Uint8Array(await readFile(file));
  const pdf = await getDocument({
    data,
    disableFontFace: true,
    standardFontDataUrl: join(projectRoot, 'node_modules/pdfjs-dist/standard_fonts/'),
  }).promise;
  const text: string[] = [];
  let width = 0;
  let height = 0;
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const [, , w, h] = page.view;
    width = w ?? 0;
    height = h ?? 0;
    const content = await page.getTextContent();
    text.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await pdf.destroy();
  return { pages: pdf.numPages, text, width, height };
}
