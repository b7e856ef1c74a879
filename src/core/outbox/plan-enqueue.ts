import type { EntityRules } from '../entity-rules.ts';
import { jsonEqual } from '../merge/json-equal.ts';
import type { RowValues } from '../protocol/synced-row.ts';
import { applyEdit } from '../rebase.ts';
import type { SyncedTableName } from '../synced-tables.ts';
import { coalesce } from './coalesce.ts';
import type { EditError } from './edit-error.ts';
import { isOpen, newOutboxEntry, type NewOutboxEntry, type OutboxEntry } from './outbox-entry.ts';
import { validateEdit, type LocalEdit, type RowView } from './validate-edit.ts';

export interface EnqueueInput {
  readonly table: SyncedTableName;
  readonly edit: LocalEdit;
  /** The row as the UI shows it now. */
  readonly view: RowView;
  /** The row's entries in the outbox (any state; closed ones are ignored). */
  readonly rowEntries: readonly OutboxEntry[];
  readonly rules: EntityRules;
  /** The table's columns, when known, to refuse unknown ones. */
  readonly columns?: ReadonlySet<string>;
  /** A fresh mutation id, used only if a new entry is appended. */
  readonly mid: string;
  /** Client clock, epoch ms. */
  readonly now: number;
  /** server time − client time (clock-skew estimate), for the restore window; 0 if unknown. */
  readonly clockOffsetMs?: number;
}

/**
 * What the store must do, in ONE transaction, to record a local write: write `view` as the row
 * (undefined = remove the row: it never existed on the server) and change the outbox as told.
 */
export type EnqueuePlan =
  | { readonly kind: 'append'; readonly entry: NewOutboxEntry; readonly view: RowView }
  | { readonly kind: 'replace'; readonly entry: OutboxEntry; readonly view: RowView }
  | { readonly kind: 'cancel'; readonly seq: number; readonly view: RowView }
  | { readonly kind: 'noop' }
  | { readonly kind: 'rejected'; readonly error: EditError };

/**
 * Turns a local write into an outbox change. Validates it against the visible row, keeps only
 * the columns that really change, records `base` (the visible values of those columns) and
 * `base_rev` (the visible row's server rev; an entry queued behind an unconfirmed one gets the
 * right rev later, from that one's result), then folds it into the row's last unsent entry when
 * the coalescing table allows.
 */
export function planEnqueue(input: EnqueueInput): EnqueuePlan {
  const { edit, view, rules } = input;
  const serverNow = input.now + (input.clockOffsetMs ?? 0);
  const error = validateEdit(edit, view, input.rules, input.columns, serverNow);
  if (error !== null) return { kind: 'rejected', error };
  if (changesNothing(edit, view)) return { kind: 'noop' };
  const entry = newOutboxEntry({
    mid: input.mid,
    table: input.table,
    rowId: edit.rowId,
    op: edit.op,
    ...dataAndBase(edit, view),
    baseRev: edit.op === 'insert' ? null : serverRevOf(view),
    now: input.now,
  });
  const nextView = applyEdit(view, entry, rules);
  const last = lastOpenEntry(input.rowEntries);
  const folded = last === undefined ? ({ kind: 'append' } as const) : coalesce(last, entry, rules);
  if (folded.kind === 'append') return { kind: 'append', entry, view: nextView };
  if (folded.kind === 'replace') return { kind: 'replace', entry: folded.entry, view: nextView };
  const lastEntry = last as OutboxEntry;
  return { kind: 'cancel', seq: lastEntry.seq, view: lastEntry.op === 'insert' ? undefined : nextView };
}

function changesNothing(edit: LocalEdit, view: RowView): boolean {
  const deleted = view?.['deleted_at'] != null;
  if (edit.op === 'delete') return deleted || view === undefined;
  if (edit.op === 'undelete') return !deleted;
  if (edit.op === 'update') return Object.keys(changedColumns(edit, view)).length === 0;
  return false;
}

function dataAndBase(edit: LocalEdit, view: RowView): { data: RowValues; base: RowValues } {
  if (edit.op === 'insert') return { data: { ...edit.changes, id: edit.rowId }, base: {} };
  if (edit.op !== 'update') return { data: {}, base: {} };
  const data = changedColumns(edit, view);
  const base: RowValues = {};
  for (const column of Object.keys(data)) base[column] = view?.[column] ?? null;
  return { data, base };
}

function changedColumns(edit: LocalEdit, view: RowView): RowValues {
  const changed: RowValues = {};
  for (const [column, value] of Object.entries(edit.changes)) {
    if (column !== 'id' && !jsonEqual(value, view?.[column])) changed[column] = value;
  }
  return changed;
}

function serverRevOf(view: RowView): number | null {
  const rev = view?.['rev'];
  return typeof rev === 'number' && rev > 0 ? rev : null;
}

function lastOpenEntry(entries: readonly OutboxEntry[]): OutboxEntry | undefined {
  let last: OutboxEntry | undefined;
  for (const entry of entries) {
    if (isOpen(entry) && (last === undefined || entry.seq > last.seq)) last = entry;
  }
  return last;
}
