import type { LocalRow } from '../../../engine/local-records.ts';
import type { PrintableDocument } from './document-model.ts';
import { pdfFileName } from './document-model.ts';
import { diagnosisText } from './diagnosis-text.ts';
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

/** The referral letter: to which specialty and service, how urgent, why, with the coded diagnoses. */
export function referralDocument(
  sources: DocumentSources,
  referral: LocalRow,
  diagnoses: readonly LocalRow[],
  now = new Date(),
): PrintableDocument {
  const { t } = sources;
  const title = t('clinical.documents.titles.referral');
  const specialty = textOf(referral, 'specialty');
  const rows: [string, string][] = [[t('clinical.referrals.specialty'), specialty]];
  if (textOf(referral, 'referred_to'))
    rows.push([t('clinical.referrals.referredTo'), textOf(referral, 'referred_to')]);
  rows.push([t('clinical.referrals.urgency'), t(`values.${textOf(referral, 'urgency') || 'routine'}`)]);
  return {
    kind: 'referral',
    title,
    fileName: pdfFileName(title, patientName(sources), specialty),
    layout: 'single',
    copies: [
      {
        copyLabel: null,
        header: headerOf(sources),
        title,
        patient: patientLines(sources, { age: true }),
        blocks: [
          { kind: 'paragraph', text: t('clinical.documents.referralGreeting', { specialty }) },
          { kind: 'fields', rows },
          { kind: 'heading', text: t('clinical.referrals.reason') },
          { kind: 'paragraph', text: textOf(referral, 'reason') || '—' },
          ...(diagnoses.length > 0
            ? [
                { kind: 'heading' as const, text: t('clinical.documents.diagnosticHypothesis') },
                ...diagnoses.map((d) => ({
                  kind: 'paragraph' as const,
                  text: diagnosisText(d, sources.language),
                })),
              ]
            : []),
          { kind: 'paragraph', text: t('clinical.documents.referralClosing') },
        ],
        placeAndDate: placeAndDate(sources, dateOf(referral['created_at'], now)),
        signature: signatureOf(sources, t('clinical.documents.signatureAndStamp')),
        boxes: [],
        footnote: null,
      },
    ],
    language: sources.language,
  };
}
