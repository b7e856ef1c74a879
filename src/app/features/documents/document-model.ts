/**
 * A printable clinical document as data: what it says, laid out by two renderers that must agree
 * (the print-ready page, `document-view.tsx`, and the PDF made on the device, `document-pdf.ts`).
 * Builders (`*-document.ts`) turn rows into this, in the person's language; nothing here knows
 * about HTML or PDF.
 */
export type DocumentKind = 'prescription' | 'summary' | 'referral' | 'certificate' | 'receipt';

export const documentKinds: readonly DocumentKind[] = ['prescription', 'summary', 'referral', 'certificate'];

/** The clinic's and the professional's identification, on top of every copy. */
export interface DocumentHeader {
  readonly clinic: string;
  readonly addressLines: readonly string[];
  readonly professional: string;
  /** "CRM-SP 123456"; empty when the profile has none. */
  readonly registration: string;
}

export type DocumentBlock =
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'fields'; readonly rows: readonly (readonly [label: string, value: string])[] }
  | {
      readonly kind: 'medication';
      readonly number: number;
      readonly title: string;
      readonly details: readonly string[];
    };

/** A box with labelled blanks to be filled by hand (the buyer's and supplier's identification). */
export interface FillInBox {
  readonly title: string;
  readonly lines: readonly string[];
}

/** One copy of the document (a controlled-drug receita has two, side by side). */
export interface DocumentCopy {
  readonly copyLabel: string | null;
  readonly header: DocumentHeader;
  readonly title: string;
  readonly patient: readonly (readonly [label: string, value: string])[];
  readonly blocks: readonly DocumentBlock[];
  /** "São Paulo, 3 de dezembro de 2026". */
  readonly placeAndDate: string;
  readonly signature: { readonly name: string; readonly registration: string; readonly caption: string };
  readonly boxes: readonly FillInBox[];
  readonly footnote: string | null;
}

export interface PrintableDocument {
  readonly kind: DocumentKind;
  readonly title: string;
  /** A PDF file name without spaces or accents. */
  readonly fileName: string;
  /** `two-copies`: an A4 landscape sheet holding both copies side by side. */
  readonly layout: 'single' | 'two-copies';
  readonly copies: readonly DocumentCopy[];
  /** BCP 47 language the document is written in. */
  readonly language: string;
}

/** Every text of a document, in reading order (what the PDF must contain; used by tests). */
export function documentTexts(document: PrintableDocument): string[] {
  return document.copies
    .flatMap((copy) => [
      ...(copy.copyLabel ? [copy.copyLabel] : []),
      copy.header.clinic,
      ...copy.header.addressLines,
      copy.header.professional,
      copy.header.registration,
      copy.title,
      ...copy.patient.flatMap(([label, value]) => [label, value]),
      ...copy.blocks.flatMap((block): string[] => {
        switch (block.kind) {
          case 'heading':
          case 'paragraph':
            return [block.text];
          case 'fields':
            return block.rows.flatMap(([label, value]) => [label, value]);
          case 'medication':
            return [block.title, ...block.details];
        }
      }),
      copy.placeAndDate,
      copy.signature.name,
      copy.signature.registration,
      copy.signature.caption,
      ...copy.boxes.flatMap((box) => [box.title, ...box.lines]),
      ...(copy.footnote ? [copy.footnote] : []),
    ])
    .filter((text) => text !== '');
}

/** "Receita Ana Souza 2026-12-03" → "receita-ana-souza-2026-12-03.pdf". */
export function pdfFileName(...parts: string[]): string {
  const slug = parts
    .join(' ')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${slug || 'documento'}.pdf`;
}
