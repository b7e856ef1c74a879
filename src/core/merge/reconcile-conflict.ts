import type { EntityRules } from '../entity-rules.ts';
import type { MutationOp } from '../protocol/push.ts';
import type { RowValues, SyncedRow } from '../protocol/synced-row.ts';
import type { SyncedTableName } from '../synced-tables.ts';
import type { ConflictChoice, ConflictRecord } from './conflict-record.ts';
import { jsonEqual } from './json-equal.ts';
import { mergeRow } from './three-way-merge.ts';

/** The edit that met a `conflict` answer: an outbox entry's mutation part. */
export interface ConflictingEdit {
  readonly mid: string;
  readonly table: SyncedTableName;
  readonly rowId: string;
  readonly op: MutationOp;
  readonly data: RowValues;
  readonly base: RowValues;
  readonly baseRev: number | null;
}

/** A mutation to push next, against `baseRev` (the server row the decision was made on). */
export interface Resend {
  readonly op: MutationOp;
  readonly data: RowValues;
  readonly base: RowValues;
  readonly baseRev: number;
}

/**
 * What to do with an entry after a conflict:
 * - `resend`: replace the entry with this mutation (new `mid`); `followUp`, when set, is a second
 *   mutation for the same row to queue right after it (restoring a deleted row, then editing it);
 * - `settled`: the server row already reflects the edit; nothing to send;
 * - `manual`: a person decides; keep the conflict record.
 */
export type ConflictOutcome =
  | { readonly kind: 'resend'; readonly mutation: Resend; readonly followUp: Omit<Resend, 'baseRev'> | null }
  | { readonly kind: 'settled' }
  | { readonly kind: 'manual'; readonly conflict: ConflictRecord };

/**
 * Reconciles an edit with the server row that made it conflict. `mineAt` is the edit's time in
 * server time (client clock corrected by the skew estimate).
 *
 * By operation, against the server row (theirs):
 * - delete:   theirs deleted → settled; otherwise delete again on theirs' rev (a soft delete keeps
 *             the other edit, restorable);
 * - undelete: theirs live → settled; otherwise undelete again on theirs' rev;
 * - update / insert of an existing id: theirs deleted → `edit_vs_delete` conflict; otherwise the
 *             field-wise merge (an insert's base is empty: every differing column counts as
 *             changed on both sides).
 */
export function reconcileConflict(
  edit: ConflictingEdit,
  theirs: SyncedRow,
  rules: EntityRules,
  mineAt: number,
): ConflictOutcome {
  const theirsDeleted = theirs.deleted_at !== null;
  if (edit.op === 'delete') return theirsDeleted ? settled : resend({ ...edit, baseRev: theirs.rev });
  if (edit.op === 'undelete') return theirsDeleted ? resend({ ...edit, baseRev: theirs.rev }) : settled;
  if (theirsDeleted) return manual(editVsDelete(edit, theirs));
  const times = { mineAt, theirsAt: serverTimeOf(theirs) };
  const merge = mergeRow({ rules, base: edit.base, mine: edit.data, theirs, times });
  if (merge.kind === 'merged') return updateOver(theirs, merge.values);
  return manual(fieldsConflict(edit, theirs, merge.autoMerged, merge.fields));
}

/**
 * Turns a person's decision on a conflict record into what to push. For `edit_vs_delete`,
 * `theirs` keeps the row deleted and any other choice restores it, then writes the chosen values.
 */
export function resolveConflict(conflict: ConflictRecord, choice: ConflictChoice): ConflictOutcome {
  const values = chosenValues(conflict, choice);
  if (conflict.kind === 'edit_vs_delete') {
    if (choice === 'theirs') return settled;
    const followUp = changedOver(conflict.theirs, values);
    return {
      kind: 'resend',
      mutation: { op: 'undelete', data: {}, base: {}, baseRev: conflict.theirsRev },
      followUp: Object.keys(followUp.data).length > 0 ? { op: 'update', ...followUp } : null,
    };
  }
  return updateOver(conflict.theirs, values);
}

function chosenValues(conflict: ConflictRecord, choice: ConflictChoice): RowValues {
  if (choice === 'recommended') return conflict.recommended.values;
  if (typeof choice === 'object') return { ...conflict.autoMerged, ...choice.values };
  if (conflict.kind === 'edit_vs_delete') return choice === 'mine' ? { ...conflict.mine } : {};
  const values: RowValues = { ...conflict.autoMerged };
  for (const field of conflict.fields)
    values[field.column] = choice === 'mine' ? field.ifMine : field.ifTheirs;
  return values;
}

function fieldsConflict(
  edit: ConflictingEdit,
  theirs: SyncedRow,
  autoMerged: RowValues,
  fields: ConflictRecord['fields'],
): ConflictRecord {
  const values: RowValues = { ...autoMerged };
  for (const field of fields) values[field.column] = field.suggested;
  const sides = new Set(fields.map((field) => field.suggestedBy));
  const choice =
    sides.size === 1 && !sides.has('merged') ? (sides.has('mine') ? 'mine' : 'theirs') : 'merged';
  return { ...recordBase(edit, theirs), kind: 'fields', autoMerged, fields, recommended: { choice, values } };
}

/** Editing a deleted row: the recommendation respects the deletion; the edit stays in history. */
function editVsDelete(edit: ConflictingEdit, theirs: SyncedRow): ConflictRecord {
  return {
    ...recordBase(edit, theirs),
    kind: 'edit_vs_delete',
    autoMerged: {},
    fields: [],
    recommended: { choice: 'theirs', values: {} },
  };
}

type RecordBase = Omit<ConflictRecord, 'kind' | 'autoMerged' | 'fields' | 'recommended'>;

function recordBase(edit: ConflictingEdit, theirs: SyncedRow): RecordBase {
  return {
    table: edit.table,
    rowId: edit.rowId,
    mid: edit.mid,
    op: edit.op,
    baseRev: edit.baseRev,
    theirsRev: theirs.rev,
    mine: edit.data,
    base: edit.base,
    theirs,
  };
}

function updateOver(theirs: SyncedRow, values: RowValues): ConflictOutcome {
  const { data, base } = changedOver(theirs, values);
  if (Object.keys(data).length === 0) return settled;
  return resend({ op: 'update', data, base, baseRev: theirs.rev });
}

/** The columns of `values` that differ from the server row, with the server's values as base. */
function changedOver(theirs: SyncedRow, values: RowValues): { data: RowValues; base: RowValues } {
  const data: RowValues = {};
  const base: RowValues = {};
  for (const [column, value] of Object.entries(values)) {
    if (jsonEqual(value, theirs[column])) continue;
    data[column] = value;
    base[column] = theirs[column] ?? null;
  }
  return { data, base };
}

/** The server row's last write in epoch ms; 0 when unknown, so the client's edit counts as later. */
function serverTimeOf(row: SyncedRow): number {
  const updatedAt = row['updated_at'];
  const time = typeof updatedAt === 'string' ? Date.parse(updatedAt) : Number.NaN;
  return Number.isNaN(time) ? 0 : time;
}

const settled: ConflictOutcome = { kind: 'settled' };

function resend(edit: Resend): ConflictOutcome {
  return {
    kind: 'resend',
    mutation: { op: edit.op, data: edit.data, base: edit.base, baseRev: edit.baseRev },
    followUp: null,
  };
}

function manual(conflict: ConflictRecord): ConflictOutcome {
  return { kind: 'manual', conflict };
}
