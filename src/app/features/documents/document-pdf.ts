import type { jsPDF } from 'jspdf';
import type { DocumentBlock, DocumentCopy, PrintableDocument } from './document-model.ts';

/**
 * The PDF of a document, made on the device with jsPDF (no server, so it works offline). A4
 * portrait for one copy; A4 landscape with the two copies side by side, a dashed cutting line
 * between them, for the controlled-drug receita. Text is real text (searchable, and what the
 * tests read back), in Helvetica.
 *
 * Layout: each copy is laid out once into pages of drawing steps at copy-relative positions
 * (millimetres, y from the top), then each sheet draws page n of every copy at its offset, so
 * the copies always match line for line.
 */
const margin = 12;
const ptToMm = 0.3528;

type Step =
  | {
      readonly kind: 'text';
      readonly x: number;
      readonly y: number;
      readonly lines: string[];
      readonly size: number;
      readonly bold: boolean;
      readonly align: 'left' | 'center' | 'right';
    }
  | {
      readonly kind: 'line';
      readonly x1: number;
      readonly y1: number;
      readonly x2: number;
      readonly y2: number;
    };

/**
 * The standard PDF fonts are WinAnsi-encoded: Latin-1 (every Portuguese and Spanish letter) and
 * the typographic marks (dashes, quotes, ellipsis, bullet) jsPDF maps. Any other character
 * becomes its plain equivalent or a question mark rather than garbage.
 */
const winAnsiExtras =
  '\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178';
const outsideWinAnsi = new RegExp(`[^\\n\\u0020-\\u007e\\u00a0-\\u00ff${winAnsiExtras}]`, 'g');

export function pdfSafe(text: string): string {
  return text
    .replace(/\u2212/g, '-')
    .replace(/\u00ad/g, '')
    .replace(outsideWinAnsi, '?');
}

class CopyLayout {
  readonly pages: Step[][] = [[]];
  private y = margin;

  constructor(
    private readonly doc: jsPDF,
    private readonly width: number,
    private readonly height: number,
  ) {}

  private get page(): Step[] {
    return this.pages[this.pages.length - 1] as Step[];
  }

  private lineHeight(size: number): number {
    return size * ptToMm * 1.3;
  }

  wrap(text: string, size: number, bold: boolean, width: number): string[] {
    this.doc.setFont('helvetica', bold ? 'bold' : 'normal');
    this.doc.setFontSize(size);
    return this.doc.splitTextToSize(pdfSafe(text), width) as string[];
  }

  /** Room for `mm` more, else a new page. */
  ensure(mm: number): void {
    if (this.y + mm <= this.height - margin) return;
    this.pages.push([]);
    this.y = margin;
  }

  text(
    text: string,
    options: {
      size?: number;
      bold?: boolean;
      align?: 'left' | 'center' | 'right';
      indent?: number;
      after?: number;
    } = {},
  ): void {
    if (text.trim() === '') return;
    const size = options.size ?? 10;
    const bold = options.bold ?? false;
    const indent = options.indent ?? 0;
    const inner = this.width - 2 * margin - indent;
    const lines = this.wrap(text, size, bold, inner);
    const step = this.lineHeight(size);
    // Long paragraphs break across pages line by line.
    let rest = lines;
    while (rest.length > 0) {
      this.ensure(step);
      const fit = Math.max(1, Math.floor((this.height - margin - this.y) / step));
      const chunk = rest.slice(0, fit);
      const align = options.align ?? 'left';
      const x =
        align === 'center' ? this.width / 2 : align === 'right' ? this.width - margin : margin + indent;
      this.page.push({ kind: 'text', x, y: this.y, lines: chunk, size, bold, align });
      this.y += chunk.length * step;
      rest = rest.slice(chunk.length);
    }
    this.y += options.after ?? 1;
  }

  rule(gap = 2): void {
    this.ensure(gap * 2);
    this.y += gap;
    this.page.push({ kind: 'line', x1: margin, y1: this.y, x2: this.width - margin, y2: this.y });
    this.y += gap;
  }

  space(mm: number): void {
    this.y += mm;
  }

  /**
   * Boxes of blanks side by side (the buyer's and the supplier's identification), each a titled
   * column of labels followed by a line to write on, kept together on one page.
   */
  fillInBoxes(boxes: DocumentCopy['boxes']): void {
    if (boxes.length === 0) return;
    const gap = 4;
    const inner = this.width - 2 * margin;
    const column = (inner - gap * (boxes.length - 1)) / boxes.length;
    const step = this.lineHeight(8) + 1.6;
    const tallest = Math.max(...boxes.map((box) => box.lines.length));
    this.ensure(6 + (tallest + 1) * step);
    const top = this.y + 2;
    boxes.forEach((box, index) => {
      const x = margin + index * (column + gap);
      this.page.push({ kind: 'line', x1: x, y1: top, x2: x + column, y2: top });
      this.page.push({
        kind: 'text',
        x,
        y: top + 1.2,
        lines: this.wrap(box.title, 8.5, true, column),
        size: 8.5,
        bold: true,
        align: 'left',
      });
      box.lines.forEach((label, n) => {
        const y = top + 1.2 + (n + 1) * step;
        this.doc.setFont('helvetica', 'normal');
        this.doc.setFontSize(8);
        const labelWidth = this.doc.getTextWidth(pdfSafe(label));
        this.page.push({ kind: 'text', x, y, lines: [pdfSafe(label)], size: 8, bold: false, align: 'left' });
        this.page.push({ kind: 'line', x1: x + labelWidth + 1.5, y1: y + 3, x2: x + column, y2: y + 3 });
      });
    });
    this.y = top + 1.2 + (tallest + 1) * step + 2;
  }

  signature(copy: DocumentCopy): void {
    this.ensure(34);
    this.text(copy.placeAndDate, { align: 'right', after: copy.boxes.length > 0 ? 10 : 14 });
    const half = Math.min(35, (this.width - 2 * margin) / 2);
    this.page.push({
      kind: 'line',
      x1: this.width / 2 - half,
      y1: this.y,
      x2: this.width / 2 + half,
      y2: this.y,
    });
    this.y += 1.5;
    this.text(copy.signature.name, { align: 'center', bold: true, after: 0 });
    this.text(copy.signature.registration, { align: 'center', size: 9, after: 0 });
    this.text(copy.signature.caption, { align: 'center', size: 8 });
  }
}

function layoutBlock(layout: CopyLayout, block: DocumentBlock): void {
  switch (block.kind) {
    case 'heading':
      layout.space(2);
      layout.text(block.text, { bold: true, size: 10.5 });
      return;
    case 'paragraph':
      layout.text(block.text, { after: 2 });
      return;
    case 'fields':
      for (const [label, value] of block.rows) layout.text(`${label}: ${value}`, { after: 0.5 });
      layout.space(1.5);
      return;
    case 'medication':
      layout.ensure(12);
      layout.text(`${block.number}. ${block.title}`, { bold: true, size: 10.5, after: 0.5 });
      for (const detail of block.details) layout.text(detail, { indent: 5, size: 9.5, after: 0.5 });
      layout.space(2.5);
      return;
  }
}

function layoutCopy(doc: jsPDF, copy: DocumentCopy, width: number, height: number): Step[][] {
  const layout = new CopyLayout(doc, width, height);
  if (copy.copyLabel) layout.text(copy.copyLabel, { size: 8, bold: true, align: 'right' });
  layout.text(copy.header.clinic, { size: 13, bold: true, after: 0.5 });
  for (const line of copy.header.addressLines) layout.text(line, { size: 8, after: 0 });
  layout.space(1.5);
  layout.text([copy.header.professional, copy.header.registration].filter(Boolean).join(' - '), {
    size: 10,
    bold: true,
    after: 0,
  });
  layout.rule();
  layout.text(copy.title, { size: 13, bold: true, align: 'center', after: 3 });
  for (const [label, value] of copy.patient) layout.text(`${label}: ${value}`, { after: 0.5 });
  if (copy.patient.length > 0) layout.rule();
  for (const block of copy.blocks) layoutBlock(layout, block);
  layout.space(4);
  layout.signature(copy);
  layout.fillInBoxes(copy.boxes);
  if (copy.footnote) {
    layout.space(3);
    layout.text(copy.footnote, { size: 8, bold: true, align: 'center' });
  }
  return layout.pages;
}

function draw(doc: jsPDF, steps: readonly Step[], offsetX: number): void {
  for (const step of steps) {
    if (step.kind === 'line') {
      doc.setLineWidth(0.2);
      doc.line(step.x1 + offsetX, step.y1, step.x2 + offsetX, step.y2);
      continue;
    }
    doc.setFont('helvetica', step.bold ? 'bold' : 'normal');
    doc.setFontSize(step.size);
    doc.text(step.lines, step.x + offsetX, step.y, {
      align: step.align,
      baseline: 'top',
      lineHeightFactor: 1.3,
    });
  }
}

/** Renders `document` with the jsPDF class given (the caller loads jspdf, lazily in the app). */
export function renderPdf(document: PrintableDocument, JsPdf: typeof jsPDF): jsPDF {
  const twoCopies = document.layout === 'two-copies';
  const doc = new JsPdf({ orientation: twoCopies ? 'landscape' : 'portrait', unit: 'mm', format: 'a4' });
  doc.setProperties({ title: pdfSafe(document.title), creator: 'Clinica', subject: pdfSafe(document.title) });
  doc.setLanguage(document.language as Parameters<jsPDF['setLanguage']>[0]);
  const sheetWidth = twoCopies ? 297 : 210;
  const sheetHeight = twoCopies ? 210 : 297;
  const copyWidth = twoCopies ? sheetWidth / 2 : sheetWidth;
  const laidOut = document.copies.map((copy) => layoutCopy(doc, copy, copyWidth, sheetHeight));
  const sheets = Math.max(...laidOut.map((pages) => pages.length));
  for (let sheet = 0; sheet < sheets; sheet++) {
    if (sheet > 0) doc.addPage('a4', twoCopies ? 'landscape' : 'portrait');
    laidOut.forEach((pages, index) => draw(doc, pages[sheet] ?? [], index * copyWidth));
    if (twoCopies) {
      doc.setLineDashPattern([2, 2], 0);
      doc.line(copyWidth, 6, copyWidth, sheetHeight - 6);
      doc.setLineDashPattern([], 0);
    }
  }
  return doc;
}

/** The PDF bytes of `document`, loading jsPDF on first use (it is in the offline precache). */
export async function documentPdfBlob(document: PrintableDocument): Promise<Blob> {
  const { jsPDF: JsPdf } = await import('jspdf');
  return renderPdf(document, JsPdf).output('blob');
}
