import { isValidSusCard } from '../canonical/sus-card.ts';
import { categoriesForOwner } from '../files/file-category.ts';
import type { RowValues } from '../protocol/synced-row.ts';
import type { ClinicColumn, ClinicTable, RowCheck } from './clinic-tables.ts';

/**
 * Why a row breaks what the database will check, in terms a screen translates (the refusal
 * reasons of `outbox/refusal.ts` use the same words for the server's answer).
 */
export const violationReasons = [
  'required_missing',
  'value_not_allowed',
  'invalid_value',
  'invalid_reference',
  'ends_before_starts',
  'must_not_be_negative',
  'must_be_positive',
  'must_not_be_zero',
  'out_of_range',
] as const;

export type ViolationReason = (typeof violationReasons)[number];

export interface RowViolation {
  readonly reason: ViolationReason;
  /** The field a person must correct. */
  readonly column: string;
}

/**
 * The first rule of the catalogue `row` breaks among those naming a column in `touched` (the
 * columns an edit sets), or null. The rules are the database's own (column nullability, allowed
 * values and patterns, and the table's `checks`), so a row that passes here passes the server's
 * check constraints; foreign keys, RLS and triggers stay the server's to judge. As in SQL, a null
 * passes every check but the not-null one.
 */
export function rowViolation(
  table: ClinicTable,
  row: RowValues,
  touched: ReadonlySet<string>,
): RowViolation | null {
  for (const column of table.columns) {
    if (!touched.has(column.name)) continue;
    const reason = columnViolation(column, row[column.name]);
    if (reason !== null) return { reason, column: column.name };
  }
  for (const check of table.checks) {
    if (!checkColumns(check).some((name) => touched.has(name))) continue;
    if (!holds(check, row)) return { reason: checkReason(check), column: check.column };
  }
  return null;
}

/** The reason a broken check means to a person (also read from a refusal naming the check). */
export function checkReason(check: RowCheck): ViolationReason {
  switch (check.kind) {
    case 'range':
      if (check.max !== undefined || check.min !== 0) return 'out_of_range';
      return check.strict === true ? 'must_be_positive' : 'must_not_be_negative';
    case 'not_zero':
      return 'must_not_be_zero';
    case 'after':
      return 'ends_before_starts';
    case 'not_blank':
      return 'required_missing';
    case 'json_object':
    case 'sus_card':
      return 'invalid_value';
    case 'not_self':
      return 'invalid_reference';
    case 'together':
    case 'not_both':
    case 'category_fits_owner':
      return 'value_not_allowed';
  }
}

function checkColumns(check: RowCheck): string[] {
  if ('start' in check) return [check.column, check.start];
  if ('other' in check) return [check.column, check.other];
  return [check.column];
}

function columnViolation(column: ClinicColumn, value: unknown): ViolationReason | null {
  if (value === null || value === undefined) return column.nullable ? null : 'required_missing';
  if (column.values !== undefined && !column.values.includes(String(value))) return 'value_not_allowed';
  if (column.format !== undefined && !new RegExp(column.format.pattern).test(String(value)))
    return 'invalid_value';
  return null;
}

function holds(check: RowCheck, row: RowValues): boolean {
  const value = row[check.column];
  const other = 'start' in check ? row[check.start] : 'other' in check ? row[check.other] : undefined;
  switch (check.kind) {
    case 'together':
      return (value == null) === (other == null);
    case 'not_both':
      return !(value === true && other === true);
    case 'not_self':
      return value == null || value !== row['id'];
    case 'category_fits_owner':
      return value == null || other == null || categoriesForOwner(String(other)).some((c) => c === value);
    default:
      return value == null || holdsOnValue(check, value, other);
  }
}

function holdsOnValue(check: RowCheck, value: unknown, other: unknown): boolean {
  switch (check.kind) {
    case 'range': {
      const n = Number(value);
      if (!Number.isFinite(n)) return false;
      const aboveMin = check.strict === true ? n > check.min : n >= check.min;
      return aboveMin && (check.max === undefined || n <= check.max);
    }
    case 'not_zero':
      return Number(value) !== 0;
    case 'after': {
      if (other == null) return true;
      const end = Date.parse(String(value));
      const start = Date.parse(String(other));
      // A value that is not a time is the column type's problem, for the server to name.
      if (Number.isNaN(end) || Number.isNaN(start)) return true;
      return check.orEqual === true ? end >= start : end > start;
    }
    case 'not_blank':
      return typeof value !== 'string' || value.trim() !== '';
    case 'json_object':
      return typeof value === 'object' && !Array.isArray(value);
    case 'sus_card':
      return typeof value === 'string' && isValidSusCard(value);
    default:
      return true;
  }
}
