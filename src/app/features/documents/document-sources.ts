import type { TFunction } from 'i18next';
import type { LocalRow } from '../../../engine/local-records.ts';
import { formatAge, formatDocument } from '../clinical/patient-facts.ts';
import { registrationOf } from '../encounters/signature.ts';
import { formatPhone } from '../../i18n/format.ts';
import type { DocumentCopy, DocumentHeader } from './document-model.ts';

/** What every document is built from, besides its own rows. */
export interface DocumentSources {
  readonly t: TFunction;
  /** The person's language (BCP 47): the document is written in it. */
  readonly language: string;
  /** The branch the document is issued at (its name and address head the page). */
  readonly branch: LocalRow | undefined;
  /** Who prescribes, refers, certifies or signed. */
  readonly professional: LocalRow | undefined;
  readonly patient: LocalRow | undefined;
}

const text = (row: LocalRow | undefined, column: string): string => {
  const value = row?.[column];
  return typeof value === 'string' ? value.trim() : '';
};

export const textOf = text;

function addressOf(value: unknown): { lines: string[]; city: string } {
  const address = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const field = (key: string) => (typeof address[key] === 'string' ? (address[key] as string).trim() : '');
  const cityLine = [field('city'), field('state')].filter(Boolean).join(' - ');
  const postal = field('postal_code');
  return {
    lines: [field('street'), [cityLine, postal].filter(Boolean).join(', ')].filter(Boolean),
    city: field('city'),
  };
}

export function headerOf(sources: DocumentSources): DocumentHeader {
  const { t, branch, professional } = sources;
  const address = addressOf(branch?.['address']);
  const phone = formatPhone(text(branch, 'phone'));
  return {
    clinic: text(branch, 'name') || t('app.name'),
    addressLines: [...address.lines, ...(phone ? [t('clinical.documents.phone', { phone })] : [])],
    professional: text(professional, 'full_name'),
    registration: registrationOf(professional),
  };
}

/** "São Paulo, 3 de dezembro de 2026" in the document's language (the branch's city). */
export function placeAndDate(sources: DocumentSources, when: Date): string {
  const date = new Intl.DateTimeFormat(sources.language, { dateStyle: 'long' }).format(when);
  const city = addressOf(sources.branch?.['address']).city;
  return city ? `${city}, ${date}` : date;
}

export function patientName(sources: DocumentSources): string {
  return text(sources.patient, 'full_name') || '—';
}

/** The patient's identification lines; with `address` (controlled drugs) their address too. */
export function patientLines(
  sources: DocumentSources,
  options: { address?: boolean; age?: boolean } = {},
): [string, string][] {
  const { t, patient } = sources;
  const lines: [string, string][] = [[t('clinical.documents.patient'), patientName(sources)]];
  const document = formatDocument(patient?.['document_type'], patient?.['document_id']);
  if (document) lines.push([text(patient, 'document_type') || t('clinical.documents.document'), document]);
  if (options.age) {
    const age = formatAge(t, patient?.['birth_date']);
    if (age !== '') lines.push([t('clinical.documents.age'), age]);
  }
  if (options.address) {
    const address = addressOf(patient?.['address']).lines.join(', ');
    lines.push([t('clinical.documents.address'), address || '—']);
  }
  return lines;
}

export function signatureOf(sources: DocumentSources, caption: string): DocumentCopy['signature'] {
  return {
    name: text(sources.professional, 'full_name'),
    registration: registrationOf(sources.professional),
    caption,
  };
}

export function dateOf(value: unknown, fallback: Date): Date {
  const parsed = typeof value === 'string' ? new Date(value) : fallback;
  return Number.isNaN(parsed.getTime()) ? fallback : parsed;
}
