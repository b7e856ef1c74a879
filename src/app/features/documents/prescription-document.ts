import type { LocalRow } from '../../../engine/local-records.ts';
import { quantityInWords, type WordsLanguage } from '../../../core/clinical/quantity-in-words.ts';
import { cid10LanguageOf } from '../../../core/clinical/cid10.ts';
import type { DocumentBlock, DocumentCopy, PrintableDocument } from './document-model.ts';
import { pdfFileName } from './document-model.ts';
import {
  dateOf,
  headerOf,
  patientLines,
  patientName,
  placeAndDate,
  signatureOf,
  textOf,
  type DocumentSources,
} from './document-sources.ts';

/** Units in the feminine take feminine number words in Portuguese and Spanish (caixa, ampola, tableta). */
const feminineUnit = (unit: string): boolean => /a(s|\(s\))?$/i.test(unit.trim().split(/\s+/)[0] ?? '');

function medicationBlock(
  sources: DocumentSources,
  line: LocalRow,
  number: number,
  controlled: boolean,
): DocumentBlock {
  const { t } = sources;
  const route = textOf(line, 'route');
  const how = [
    textOf(line, 'dosage'),
    route ? t(`clinical.routes.${route}`) : '',
    textOf(line, 'frequency'),
    textOf(line, 'duration')
      ? t('clinical.prescriptions.forDuration', { duration: textOf(line, 'duration') })
      : '',
  ]
    .filter(Boolean)
    .join(', ');
  const details: string[] = [];
  if (how) details.push(`${how}.`);
  const quantity = typeof line['quantity'] === 'number' ? line['quantity'] : Number(line['quantity'] ?? NaN);
  const unit = textOf(line, 'quantity_unit');
  if (Number.isFinite(quantity)) {
    const words = controlled
      ? quantityInWords(quantity, cid10LanguageOf(sources.language) as WordsLanguage, feminineUnit(unit))
      : null;
    const figure = new Intl.NumberFormat(sources.language).format(quantity);
    details.push(
      t('clinical.documents.quantity', {
        quantity: [words ? `${figure} (${words})` : figure, unit].filter(Boolean).join(' '),
      }),
    );
  }
  const instructions = textOf(line, 'instructions');
  if (instructions) details.push(instructions);
  return {
    kind: 'medication',
    number,
    title: [textOf(line, 'medication'), textOf(line, 'presentation')].filter(Boolean).join(' — '),
    details,
  };
}

/**
 * The receita: a simple prescription on one page, or the receita de controle especial (Portaria
 * SVS/MS 344/98) on an A4 landscape sheet in two identical copies (the pharmacy's and the
 * patient's), with the patient's address, quantities in figures and words, and the blanks for
 * the buyer's and the supplier's identification. A draft says so on the page.
 */
export function prescriptionDocument(
  sources: DocumentSources,
  prescription: LocalRow,
  lines: readonly LocalRow[],
  now = new Date(),
): PrintableDocument {
  const { t } = sources;
  const controlled = prescription['kind'] === 'special_control';
  const issued = dateOf(prescription['issued_at'], now);
  const draft = prescription['status'] === 'draft';
  const blocks: DocumentBlock[] = lines.map((line, index) =>
    medicationBlock(sources, line, index + 1, controlled),
  );
  const notes = textOf(prescription, 'notes');
  if (notes) blocks.push({ kind: 'paragraph', text: notes });
  const title = controlled
    ? t('clinical.documents.titles.controlled')
    : t('clinical.documents.titles.prescription');
  const copy = (copyLabel: string | null): DocumentCopy => ({
    copyLabel,
    header: headerOf(sources),
    title,
    patient: patientLines(sources, { address: controlled }),
    blocks,
    placeAndDate: placeAndDate(sources, issued),
    signature: signatureOf(sources, t('clinical.documents.signatureAndStamp')),
    boxes: controlled
      ? [
          { title: t('clinical.documents.buyer'), lines: t('clinical.documents.buyerFields').split('|') },
          {
            title: t('clinical.documents.supplier'),
            lines: t('clinical.documents.supplierFields').split('|'),
          },
        ]
      : [],
    footnote: draft ? t('clinical.documents.draftNotice') : null,
  });
  return {
    kind: 'prescription',
    title,
    fileName: pdfFileName(title, patientName(sources), issued.toISOString().slice(0, 10)),
    layout: controlled ? 'two-copies' : 'single',
    copies: controlled
      ? [copy(t('clinical.documents.firstCopy')), copy(t('clinical.documents.secondCopy'))]
      : [copy(null)],
    language: sources.language,
  };
}
