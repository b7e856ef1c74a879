import { normaliseCpf } from '../core/dedup/cpf.ts';
import { normaliseDni, normaliseRg } from '../core/dedup/identity-documents.ts';
import type { Normalised } from '../core/dedup/normalised.ts';

/**
 * Local-only columns that make rows findable the way staff search: a name without accents or
 * case ("João" finds "joao"), documents and phones by their digits ("123.456.789-09" finds
 * "12345678909"). They are derived from the row every time it is written locally, are prefixed
 * with `_` so they can never collide with a server column, and are never pushed (mutations carry
 * only the columns the caller changed) nor hashed (digests cover `id:rev` only).
 */
export const searchKeyColumns = ['_name_key', '_document_key', '_phone_key'] as const;

export type SearchKeyColumn = (typeof searchKeyColumns)[number];

/** Which server column feeds each search key, per table that has them. */
const searchSources: Readonly<Record<string, Partial<Record<SearchKeyColumn, string>>>> = {
  patients: { _name_key: 'full_name', _document_key: 'document_id', _phone_key: 'phone' },
  profiles: { _name_key: 'full_name' },
  crm_leads: { _name_key: 'full_name', _phone_key: 'phone' },
  inventory_items: { _name_key: 'name' },
  services: { _name_key: 'name' },
};

export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

export function digitsOnly(text: string): string {
  return text.replace(/\D/g, '');
}

/** The core's normal form per `document_type` (upper case; '' when the type is missing). */
const documentNormalisers: Readonly<Record<string, (text: string) => Normalised>> = {
  '': normaliseCpf,
  CPF: normaliseCpf,
  RG: normaliseRg,
  DNI: normaliseDni,
};

/**
 * A document's key is its normal form by `document_type`, read as duplicate detection reads it
 * (core dedup: a CPF is its 11 digits, an RG its digits and letters, a DNI its 13 digits; no type
 * means a CPF when it is one). A value that is none of these (a passport, a typo) keeps its
 * letters and digits without dots, dashes and spaces, so it can still be found as typed.
 */
export function documentKey(documentId: string, documentType: unknown = null): string {
  const normaliser = documentNormalisers[typeof documentType === 'string' ? documentType.toUpperCase() : ''];
  const normal = normaliser?.(documentId);
  return normal?.ok ? normal.value : documentId.replace(/[^0-9a-z]/gi, '').toUpperCase();
}

const keyOf: Record<SearchKeyColumn, (text: string, row: Record<string, unknown>) => string> = {
  _name_key: foldText,
  _document_key: (text, row) => documentKey(text, row['document_type']),
  _phone_key: digitsOnly,
};

/** Returns the row with its search keys recomputed (keys whose source is empty are removed). */
export function withSearchKeys<Row extends Record<string, unknown>>(table: string, row: Row): Row {
  const sources = searchSources[table];
  if (!sources) return row;
  const next: Record<string, unknown> = { ...row };
  for (const key of searchKeyColumns) {
    const source = sources[key];
    if (source === undefined) continue;
    const value = row[source];
    if (typeof value === 'string' && value !== '') next[key] = keyOf[key](value, row);
    else delete next[key];
  }
  return next as Row;
}

/** The row without local-only columns: what the server knows of it. */
export function withoutLocalColumns<Row extends Record<string, unknown>>(row: Row): Row {
  const next: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) if (!column.startsWith('_')) next[column] = value;
  return next as Row;
}
