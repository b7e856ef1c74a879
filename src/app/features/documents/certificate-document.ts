import type { LocalRow } from '../../../engine/local-records.ts';
import { formatDate, formatTime } from '../../i18n/format.ts';
import { formatDocument } from '../clinical/patient-facts.ts';
import type { DocumentBlock, PrintableDocument } from './document-model.ts';
import { pdfFileName } from './document-model.ts';
import {
  dateOf,
  headerOf,
  patientName,
  placeAndDate,
  signatureOf,
  textOf,
  type DocumentSources,
} from './document-sources.ts';

/**
 * The medical certificate (atestado): a sick leave of some days from a date, or a statement of
 * attendance with the times of the encounter. The CID-10 code appears only when the certificate
 * carries it (the patient agreed), with a line saying so.
 */
export function certificateDocument(
  sources: DocumentSources,
  certificate: LocalRow,
  encounter: LocalRow | undefined,
  now = new Date(),
): PrintableDocument {
  const { t, language, patient } = sources;
  const title = t('clinical.documents.titles.certificate');
  const documentNumber = formatDocument(patient?.['document_type'], patient?.['document_id']);
  const who = documentNumber
    ? t('clinical.documents.personWithDocument', {
        name: patientName(sources),
        type: textOf(patient, 'document_type'),
        number: documentNumber,
      })
    : patientName(sources);
  const issued = dateOf(certificate['issued_at'], now);
  const body =
    certificate['kind'] === 'attendance'
      ? t('clinical.documents.attendanceText', {
          who,
          date: formatDate(issued.toISOString(), language),
          from: formatTime(dateOf(encounter?.['started_at'], issued).toISOString(), language),
          to: formatTime(dateOf(encounter?.['signed_at'], issued).toISOString(), language),
        })
      : t('clinical.documents.sickLeaveText', {
          who,
          count: Number(certificate['days'] ?? 1),
          date: formatDate(textOf(certificate, 'starts_on') || issued.toISOString(), language),
        });
  const blocks: DocumentBlock[] = [{ kind: 'paragraph', text: body }];
  const cid = textOf(certificate, 'cid_code');
  if (cid) blocks.push({ kind: 'paragraph', text: t('clinical.documents.cidWithConsent', { code: cid }) });
  const remarks = textOf(certificate, 'remarks');
  if (remarks) blocks.push({ kind: 'paragraph', text: remarks });
  return {
    kind: 'certificate',
    title,
    fileName: pdfFileName(title, patientName(sources), issued.toISOString().slice(0, 10)),
    layout: 'single',
    copies: [
      {
        copyLabel: null,
        header: headerOf(sources),
        title,
        patient: [],
        blocks,
        placeAndDate: placeAndDate(sources, issued),
        signature: signatureOf(sources, t('clinical.documents.signatureAndStamp')),
        boxes: [],
        footnote: null,
      },
    ],
    language,
  };
}
