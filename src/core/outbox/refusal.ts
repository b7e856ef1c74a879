import { clinicTable, isClinicTableName } from '../schema/clinic-tables.ts';
import { checkReason, violationReasons } from '../schema/row-violation.ts';

/**
 * Why the server refused (or the engine gave up on) an outbox entry, as a code a screen
 * translates. The server answers a rejection `code` (DESIGN §3.3) and, for `invalid_data`, the
 * database's own reason in English; a person must never read either. The reasons below name
 * what the person can do something about; `column`, when known, says which field.
 */
export const refusalReasons = [
  'signed_encounter', // the encounter was signed (here or on another device): add an addendum
  'invoice_total', // an issued invoice's total is not its lines less its discount (server recompute)
  'invoice_line_amount', // a line's amount is not quantity × unit price less its discount
  'invoice_closed', // the line's invoice was issued, paid or cancelled: its lines no longer change
  'appointment_status', // the appointment's status may not move that way (a completed one stays completed)
  ...violationReasons, // a rule of the table the device checks too (schema/row-violation.ts)
  'duplicate', // another record already holds this unique value
  'forbidden', // the person's role may not make this change
  'restore_window_expired', // too long since deletion to restore
  'unknown_field', // the app and the server disagree on the table (an update is due)
  'out_of_date', // the device's copy is ahead of the server (after a server restore)
  'row_missing', // the record is no longer on the server
  'server_error', // the server failed; retrying later may work
  'unknown',
] as const;

export type RefusalReason = (typeof refusalReasons)[number];

export interface Refusal {
  readonly reason: RefusalReason;
  /** The field concerned, when the database names it. */
  readonly column: string | null;
}

/** A check constraint the catalogue names, read as the reason and field the device reads it. */
function namedCheck(table: string, constraint: string): Refusal | null {
  if (!isClinicTableName(table)) return null;
  const check = clinicTable(table).checks.find((c) => c.name === constraint);
  return check === undefined ? null : { reason: checkReason(check), column: check.column };
}

const byCode: Readonly<Record<string, RefusalReason>> = {
  forbidden: 'forbidden',
  restore_window_expired: 'restore_window_expired',
  unknown_column: 'unknown_field',
  unknown_table: 'unknown_field',
  invalid_rev: 'out_of_date',
  row_missing: 'row_missing',
  server_error: 'server_error',
  invalid_mutation: 'unknown_field',
};

/** Refusals a server trigger names by the first word of its message (migration 20261208110000). */
const codedChecks = ['invoice_total', 'invoice_line_amount', 'invoice_closed'] as const;

/** Reads a refusal from an entry's table and last error (`null`: nothing known). */
export function refusalOf(entry: {
  readonly table: string;
  readonly lastError: { readonly code: string; readonly message: string } | null;
}): Refusal {
  const error = entry.lastError;
  if (error === null) return { reason: 'unknown', column: null };
  const message = error.message;
  if (message.startsWith('signed_encounter:')) return { reason: 'signed_encounter', column: null };
  for (const coded of codedChecks)
    if (message.startsWith(`${coded}:`)) return { reason: coded, column: null };
  if (message.startsWith('appointment_status:')) return { reason: 'appointment_status', column: 'status' };
  if (message.startsWith('restore_window_expired')) return { reason: 'restore_window_expired', column: null };
  if (error.code !== 'invalid_data') return { reason: byCode[error.code] ?? 'unknown', column: null };
  const quoted = (pattern: RegExp) => pattern.exec(message)?.[1] ?? null;
  const notNull = quoted(/null value in column "([^"]+)"/);
  if (notNull !== null) return { reason: 'required_missing', column: notNull };
  const check = quoted(/violates check constraint "([^"]+)"/);
  if (check !== null) return namedCheck(entry.table, check) ?? columnCheck(entry.table, check);
  if (/violates foreign key constraint/.test(message))
    return { reason: 'invalid_reference', column: quoted(/Key \(([^)]+)\)/) };
  if (/violates unique constraint|duplicate key/.test(message))
    return { reason: 'duplicate', column: quoted(/Key \(([^)]+)\)/) };
  return { reason: 'invalid_value', column: null };
}

/**
 * A column's own check: a value outside its list, or (for a column held to a pattern, the
 * catalogue's `format`) a value of the wrong shape, as the device's check reads it.
 */
function columnCheck(table: string, constraint: string): Refusal {
  const column = checkedColumn(table, constraint);
  const format =
    column !== null && isClinicTableName(table)
      ? clinicTable(table).columns.find((c) => c.name === column)?.format
      : undefined;
  return { reason: format === undefined ? 'value_not_allowed' : 'invalid_value', column };
}

/** `patients_sex_check` on patients → `sex` (PostgreSQL's name for a column's check); else null. */
function checkedColumn(table: string, constraint: string): string | null {
  if (!constraint.startsWith(`${table}_`) || !constraint.endsWith('_check')) return null;
  const column = constraint.slice(table.length + 1, -'_check'.length);
  return /^[a-z_]+$/.test(column) ? column : null;
}
