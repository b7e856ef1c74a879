import type { EntityRules } from '../entity-rules.ts';
import type { MutationOp } from '../protocol/push.ts';
import { isServerOwnedColumn, type RowValues } from '../protocol/synced-row.ts';
import { restoreDeadline } from '../restore-window.ts';
import { clinicTable } from '../schema/clinic-tables.ts';
import { rowViolation } from '../schema/row-violation.ts';
import { editError, type EditError } from './edit-error.ts';

/** A local write as the UI asks for it. */
export interface LocalEdit {
  readonly op: MutationOp;
  readonly rowId: string;
  /** Columns to set: the whole new row for insert, the changed columns for update, {} otherwise. */
  readonly changes: RowValues;
}

/** The row as the client shows it now (server row with pending edits), or undefined if absent. */
export type RowView = RowValues | undefined;

/**
 * Checks an edit against the table's rules and the row as the client shows it. Returns the error
 * or null. `columns`, when given (from the table catalogue), rejects columns the table lacks;
 * `serverNow` (client clock + skew), when given, refuses an undelete past the entity's restore
 * window, which the server would only reject.
 * Edits that change nothing (delete of a deleted or absent row, undelete of a live one, an empty
 * update) are not errors: `planEnqueue` turns them into a no-op.
 */
export function validateEdit(
  edit: LocalEdit,
  view: RowView,
  rules: EntityRules,
  columns?: ReadonlySet<string>,
  serverNow?: number,
): EditError | null {
  if (!rules.clientWritable) {
    return editError('read_only_table', `${rules.table} is written by the server only`);
  }
  return (
    checkRowState(edit, view) ??
    checkColumns(edit, rules, columns) ??
    checkRow(edit, view, rules) ??
    checkRestore(edit, view, rules, serverNow)
  );
}

function checkRestore(
  edit: LocalEdit,
  view: RowView,
  rules: EntityRules,
  serverNow?: number,
): EditError | null {
  if (edit.op !== 'undelete' || view === undefined || serverNow === undefined) return null;
  const deadline = restoreDeadline(view, rules);
  // An unreadable deletion time is left to the server to judge.
  if (deadline === null || serverNow <= deadline) return null;
  const days = rules.restoreWindowDays;
  return editError(
    'restore_window_expired',
    `${rules.table} rows can be restored for ${days} days after deletion`,
  );
}

/**
 * The row the edit leaves, against the rules the database checks (required, allowed values,
 * ranges, an end after its start), so a person learns at once, offline too, what the server would
 * refuse. Only rules naming a column the edit sets are checked: an edit is never blocked by a
 * column it does not touch.
 */
function checkRow(edit: LocalEdit, view: RowView, rules: EntityRules): EditError | null {
  if (edit.op !== 'insert' && edit.op !== 'update') return null;
  const row = { ...(edit.op === 'update' ? view : {}), ...edit.changes, id: edit.rowId };
  const violation = rowViolation(clinicTable(rules.table), row, new Set(Object.keys(edit.changes)));
  if (violation === null) return null;
  return editError('check_violation', `${rules.table}.${violation.column}: ${violation.reason}`, violation);
}

function checkRowState(edit: LocalEdit, view: RowView): EditError | null {
  const where = `row ${edit.rowId}`;
  if (edit.op === 'insert')
    return view === undefined ? null : editError('row_exists', `${where} already exists`);
  // Deleting a row that is not here already holds ("this row should not exist"): a no-op.
  if (view === undefined && edit.op !== 'delete')
    return editError('row_missing', `${where} does not exist here`);
  if (view === undefined) return null;
  if (edit.op === 'update' && view['deleted_at'] != null) {
    return editError('row_deleted', `${where} is deleted; restore it before editing`);
  }
  return null;
}

function checkColumns(edit: LocalEdit, rules: EntityRules, columns?: ReadonlySet<string>): EditError | null {
  const names = Object.keys(edit.changes);
  if ((edit.op === 'delete' || edit.op === 'undelete') && names.length > 0) {
    return editError('unexpected_data', `${edit.op} carries no columns (got ${names.join(', ')})`);
  }
  for (const name of names) {
    if (isServerOwnedColumn(name)) return editError('server_owned_column', `${name} is set by the server`);
    if (name === 'id' && edit.changes['id'] !== edit.rowId) {
      return editError('id_mismatch', `data id ${String(edit.changes['id'])} is not row ${edit.rowId}`);
    }
    if (columns !== undefined && !columns.has(name)) {
      return editError('unknown_column', `${rules.table} has no column ${name}`);
    }
  }
  if (edit.op === 'insert') return checkRequired(edit.changes, rules);
  return null;
}

function checkRequired(changes: RowValues, rules: EntityRules): EditError | null {
  const missing = rules.requiredFields.filter((name) => {
    const value = changes[name];
    return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
  });
  const first = missing[0];
  if (first === undefined) return null;
  return editError('missing_required', `${rules.table} needs ${missing.join(', ')}`, {
    reason: 'required_missing',
    column: first,
  });
}
