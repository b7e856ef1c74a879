import type { RowViolation } from '../schema/row-violation.ts';

/** Why a local edit was refused before it reached the outbox. Nothing is written when it is. */
export type EditErrorCode =
  | 'read_only_table' // only the server writes this table
  | 'row_exists' // insert of an id the client already has
  | 'row_missing' // update, delete or undelete of a row the client does not have
  | 'row_deleted' // update of a deleted row (undelete it first)
  | 'server_owned_column' // rev, created_at, updated_at, deleted_at, last_editor
  | 'id_mismatch' // the data names another id than the row
  | 'missing_required' // an insert without a required column
  | 'unknown_column' // a column the table does not have
  | 'unexpected_data' // delete and undelete carry no data
  | 'restore_window_expired' // undelete of a row deleted longer ago than its restore window
  | 'check_violation'; // the row would break a rule the database checks (schema/row-violation.ts)

/** Plain data, recognised by `kind` (survives structured clone across a MessagePort). */
export interface EditError {
  readonly kind: 'invalid_edit';
  readonly code: EditErrorCode;
  /** For developers and logs; a screen shows `violation` translated, never this. */
  readonly message: string;
  /** What the person must correct, when the edit breaks a rule of the table. */
  readonly violation?: RowViolation;
}

export function editError(code: EditErrorCode, message: string, violation?: RowViolation): EditError {
  return violation === undefined
    ? { kind: 'invalid_edit', code, message }
    : { kind: 'invalid_edit', code, message, violation };
}
