import type { LocalRow } from '../../../engine/local-records.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { asRecord, textSections } from '../encounters/record-sections.ts';
import { registrationOf } from '../encounters/signature.ts';
import type { PrescriptionWithLines } from '../encounters/encounter-parts.ts';
import { lineSummary, lineQuantity } from './prescription-lines.ts';
import { diagnosisText } from './diagnosis-text.ts';
import type { DocumentBlock, PrintableDocument } from './document-model.ts';
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

export interface EncounterContent {
  readonly encounter: LocalRow;
  readonly diagnoses: readonly LocalRow[];
  readonly prescriptions: readonly PrescriptionWithLines[];
  readonly allergies: readonly LocalRow[];
  readonly addenda: readonly { readonly row: LocalRow; readonly author: LocalRow | undefined }[];
}

/** The encounter summary: the sections as written, coded diagnoses, prescriptions, addenda, signature. */
export function summaryDocument(
  sources: DocumentSources,
  content: EncounterContent,
  now = new Date(),
): PrintableDocument {
  const { t, language } = sources;
  const { encounter } = content;
  const record = asRecord(encounter['record']);
  const blocks: DocumentBlock[] = [
    {
      kind: 'fields',
      rows: [
        [t('clinical.documents.date'), formatDateTime(String(encounter['started_at']), language)],
        [t('clinical.documents.professional'), textOf(sources.professional, 'full_name')],
      ],
    },
  ];
  const active = content.allergies.filter((a) => a['status'] === 'active');
  blocks.push({ kind: 'heading', text: t('clinical.allergies.title') });
  blocks.push({
    kind: 'paragraph',
    text: active.length
      ? active
          .map((a) => [textOf(a, 'substance'), textOf(a, 'reaction')].filter(Boolean).join(' — '))
          .join('; ')
      : t('clinical.allergies.noneRecorded'),
  });
  for (const section of textSections) {
    const value = record[section];
    if (typeof value !== 'string' || value.trim() === '') continue;
    blocks.push({ kind: 'heading', text: t(`encounters.sections.${section}`) });
    blocks.push({ kind: 'paragraph', text: value.trim() });
  }
  if (content.diagnoses.length > 0) {
    blocks.push({ kind: 'heading', text: t('clinical.diagnoses.title') });
    for (const d of content.diagnoses) blocks.push({ kind: 'paragraph', text: diagnosisText(d, language) });
  }
  const lines = content.prescriptions.flatMap((p) => p.lines);
  if (lines.length > 0) {
    blocks.push({ kind: 'heading', text: t('encounters.sections.prescriptions') });
    lines.forEach((line, index) =>
      blocks.push({
        kind: 'medication',
        number: index + 1,
        title: lineSummary(line, t),
        details: [lineQuantity(line), textOf(line, 'instructions')].filter(Boolean),
      }),
    );
  }
  if (content.addenda.length > 0) {
    blocks.push({ kind: 'heading', text: t('clinical.addenda.title') });
    for (const { row, author } of content.addenda)
      blocks.push({
        kind: 'paragraph',
        text: `${t('clinical.addenda.by', {
          who: [textOf(author, 'full_name'), registrationOf(author)].filter(Boolean).join(' · '),
          when: formatDateTime(String(row['written_at']), language),
        })}: ${textOf(row, 'body')}`,
      });
  }
  const signedAt = encounter['signed_at'];
  const title = t('clinical.documents.titles.summary');
  return {
    kind: 'summary',
    title,
    fileName: pdfFileName(title, patientName(sources), String(encounter['started_at']).slice(0, 10)),
    layout: 'single',
    copies: [
      {
        copyLabel: null,
        header: headerOf(sources),
        title,
        patient: patientLines(sources, { age: true }),
        blocks,
        placeAndDate: placeAndDate(sources, dateOf(signedAt, now)),
        signature: signatureOf(
          sources,
          typeof signedAt === 'string'
            ? t('clinical.documents.signedOn', { when: formatDateTime(signedAt, language) })
            : t('clinical.documents.notSigned'),
        ),
        boxes: [],
        footnote: typeof signedAt === 'string' ? null : t('clinical.documents.draftNotice'),
      },
    ],
    language,
  };
}
