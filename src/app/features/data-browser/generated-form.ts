import type { CountryCode } from 'libphonenumber-js';
import { changedValues } from '../../../core/canonical/changed-values.ts';
import { canonicalDocumentId } from '../../../core/canonical/document-id.ts';
import { canonicalPhone } from '../../../core/canonical/phone.ts';
import { followingColumns } from '../../../core/canonical/following-columns.ts';
import type { ClinicColumn } from '../../../core/schema/clinic-tables.ts';
import { serverColumns } from '../../../core/schema/clinic-tables.ts';

/**
 * A form generated from a catalogue table: one text field per editable column (everything but
 * `id` and the server-owned sync columns), read from a row and checked back into typed column
 * values. Each problem is a code per column; only a form without problems yields values.
 */
export type FormValues = Readonly<Record<string, string>>;

export type FieldProblem =
  | 'required'
  | 'numberInvalid'
  | 'integerInvalid'
  | 'jsonInvalid'
  | 'notAllowed'
  | 'dateInvalid'
  | 'uuidInvalid'
  | 'phoneInvalid';

export type FormCheck =
  | { readonly ok: true; readonly values: Record<string, unknown> }
  | { readonly ok: false; readonly problems: Readonly<Record<string, FieldProblem>> };

const owned = new Set<string>(['id', ...serverColumns]);
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export function editableColumns(columns: readonly ClinicColumn[]): ClinicColumn[] {
  return columns.filter((column) => !owned.has(column.name));
}

/** The text a field shows for a stored value. Timestamps become `datetime-local` text (local time). */
export function fieldText(column: ClinicColumn, value: unknown): string {
  if (value === null || value === undefined) return '';
  switch (column.type) {
    case 'boolean':
      return value === true ? 'true' : 'false';
    case 'jsonb':
      return JSON.stringify(value, null, 1);
    case 'text[]':
      return Array.isArray(value) ? value.join(', ') : String(value);
    case 'timestamptz': {
      const date = new Date(String(value));
      if (Number.isNaN(date.getTime())) return String(value);
      const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
      return local.toISOString().slice(0, 16);
    }
    default:
      return String(value);
  }
}

export function formFromRow(
  columns: readonly ClinicColumn[],
  row: Readonly<Record<string, unknown>> | null,
): Record<string, string> {
  const form: Record<string, string> = {};
  for (const column of editableColumns(columns)) {
    form[column.name] = row
      ? fieldText(column, row[column.name])
      : column.type === 'boolean' && !column.nullable
        ? 'true'
        : '';
  }
  return form;
}

type Parsed =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: FieldProblem };

/** How the form reads values that depend on the person: a phone typed without +code. */
export interface FormContext {
  readonly phoneRegion: CountryCode;
}

const defaultContext: FormContext = { phoneRegion: 'BR' };

/**
 * A field read as its column stores it. Phones and documents are read in the one canonical form
 * every writer uses (E.164; CPF and DNI by their digits), as the patient form reads them.
 */
function parseField(column: ClinicColumn, text: string, form: FormValues, context: FormContext): Parsed {
  const trimmed = text.trim();
  if (
    trimmed !== '' &&
    column.type === 'text' &&
    (column.name === 'phone' || column.name === 'phone_normalized')
  ) {
    const phone = canonicalPhone(trimmed, context.phoneRegion);
    return phone === null ? { ok: false, problem: 'phoneInvalid' } : { ok: true, value: phone };
  }
  if (trimmed !== '' && column.type === 'text' && column.name === 'document_id')
    return { ok: true, value: canonicalDocumentId((form['document_type'] ?? '').trim(), trimmed) };
  if (trimmed === '') return column.nullable ? { ok: true, value: null } : { ok: false, problem: 'required' };
  if (column.values && !column.values.includes(trimmed)) return { ok: false, problem: 'notAllowed' };
  switch (column.type) {
    case 'integer':
    case 'bigint': {
      const n = Number(trimmed);
      return Number.isSafeInteger(n) ? { ok: true, value: n } : { ok: false, problem: 'integerInvalid' };
    }
    case 'numeric': {
      const n = Number(trimmed.replace(',', '.'));
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, problem: 'numberInvalid' };
    }
    case 'boolean':
      return trimmed === 'true' || trimmed === 'false'
        ? { ok: true, value: trimmed === 'true' }
        : { ok: false, problem: 'notAllowed' };
    case 'jsonb':
      try {
        return { ok: true, value: JSON.parse(trimmed) as unknown };
      } catch {
        return { ok: false, problem: 'jsonInvalid' };
      }
    case 'text[]':
      return {
        ok: true,
        value: trimmed
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean),
      };
    case 'date':
      return isoDate.test(trimmed) && !Number.isNaN(Date.parse(`${trimmed}T00:00:00Z`))
        ? { ok: true, value: trimmed }
        : { ok: false, problem: 'dateInvalid' };
    case 'timestamptz': {
      const time = Date.parse(trimmed);
      return Number.isNaN(time)
        ? { ok: false, problem: 'dateInvalid' }
        : { ok: true, value: new Date(time).toISOString() };
    }
    case 'uuid':
      return uuid.test(trimmed) ? { ok: true, value: trimmed } : { ok: false, problem: 'uuidInvalid' };
    case 'text':
      return { ok: true, value: trimmed };
  }
}

/**
 * Checks every editable column. For an edit (`opened`: the form as it was shown) only the columns
 * the person changed are returned: each field is read into its column value on both sides by the
 * same parsing, so a timestamp shown to the minute, a number shown without its trailing zeros or
 * text stored with spaces reads the same untouched, and a re-save of an untouched form is empty.
 */
export function checkForm(
  columns: readonly ClinicColumn[],
  form: FormValues,
  opened: FormValues | null,
  context: FormContext = defaultContext,
  table?: string,
): FormCheck {
  const problems: Record<string, FieldProblem> = {};
  const values: Record<string, unknown> = {};
  const before: Record<string, unknown> = {};
  for (const column of editableColumns(columns)) {
    const parsed = parseField(column, form[column.name] ?? '', form, context);
    if (!parsed.ok) problems[column.name] = parsed.problem;
    else values[column.name] = parsed.value;
    if (opened) before[column.name] = canonicalText(column, opened[column.name] ?? '', opened, context);
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const changed = opened ? changedValues(before, values) : values;
  // A column that stores another in a second form (a phone's search key) follows it.
  for (const [source, following] of Object.entries(followingColumns[table ?? ''] ?? {}))
    if (source in changed) for (const column of following) changed[column] = changed[source];
  return { ok: true, values: changed };
}

/** A field's text read as its column value; text that does not parse stands for itself. */
function canonicalText(column: ClinicColumn, text: string, form: FormValues, context: FormContext): unknown {
  const parsed = parseField(column, text, form, context);
  return parsed.ok ? parsed.value : text;
}
