import { rulesFor } from '../entity-rules.ts';
import type { ConflictChoice, ConflictRecord } from '../merge/conflict-record.ts';
import { resolveConflict } from '../merge/reconcile-conflict.ts';
import { supersededValues } from '../merge/superseded-values.ts';
import { applyConflictOutcome, type RowSettlement, type SettleContext } from './apply-push-result.ts';
import type { OutboxEntry } from './outbox-entry.ts';

/**
 * Carries out a person's decision on a conflict record: the mutation it calls for (or none), and
 * every typed value the decision replaces, mine or theirs, kept like any superseded value. The
 * columns the person decided are the conflict's fields (every column of an edit that met a
 * deleted row); the others went by their policy when the conflict was made.
 */
export function applyConflictDecision(
  rowEntries: readonly OutboxEntry[],
  entry: OutboxEntry,
  conflict: ConflictRecord,
  choice: ConflictChoice,
  context: SettleContext,
): RowSettlement {
  const outcome = resolveConflict(conflict, choice);
  const settled = applyConflictOutcome(rowEntries, entry, outcome, conflict.theirs, context);
  const chosen =
    conflict.kind === 'edit_vs_delete'
      ? Object.keys(conflict.mine)
      : typeof choice === 'object'
        ? [...new Set([...conflict.fields.map((field) => field.column), ...Object.keys(choice.values)])]
        : conflict.fields.map((field) => field.column);
  const edit = {
    table: conflict.table,
    rowId: conflict.rowId,
    data: conflict.mine,
    base: conflict.base,
    at: entry.at,
  };
  const superseded = supersededValues(edit, conflict.theirs, outcome, rulesFor(conflict.table), chosen);
  return { ...settled, superseded: [...superseded, ...settled.superseded] };
}
