import { changedValues } from '../../../core/canonical/changed-values.ts';
import type { TextSection } from './record-sections.ts';

export type FieldKind = 'text' | 'number';

/** A form value as the column stores it: trimmed text or null; a number or null. */
export function storedValue(kind: FieldKind, value: string): string | number | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (kind === 'text') return trimmed;
  const number = Number(trimmed.replace(',', '.'));
  return Number.isFinite(number) ? number : null;
}

/** A stored value as its field shows it. */
export const shownValue = (value: unknown): string =>
  value === null || value === undefined ? '' : String(value);

/**
 * The columns of a row edited in place that the person changed: the fields now against the fields
 * as last saved (or as opened), both read as stored. Untouched fields are never written, even when
 * another device changed them meanwhile, so a save cannot put back a value nobody typed here.
 */
export function rowFieldChanges(
  fields: Readonly<Record<string, FieldKind>>,
  saved: Readonly<Record<string, string>>,
  now: Readonly<Record<string, string>>,
): Record<string, string | number | null> {
  const read = (values: Readonly<Record<string, string>>) =>
    Object.fromEntries(
      Object.entries(fields).map(([field, kind]) => [field, storedValue(kind, values[field] ?? '')]),
    );
  return changedValues(read(saved), read(now)) as Record<string, string | number | null>;
}

/**
 * The record sections the person changed since the last save (trimmed text on both sides). The
 * editor writes only these over the record as stored now, so a section another device wrote while
 * the editor was open is kept.
 */
export function sectionChanges(
  saved: Readonly<Record<TextSection, string>>,
  now: Readonly<Record<TextSection, string>>,
): Partial<Record<TextSection, string>> {
  const read = (values: Readonly<Record<TextSection, string>>) =>
    Object.fromEntries(Object.entries(values).map(([section, text]) => [section, text.trim()]));
  return changedValues(read(saved), read(now)) as Partial<Record<TextSection, string>>;
}
