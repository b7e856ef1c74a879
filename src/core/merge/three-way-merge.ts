import { isServerOwnedColumn, type RowValues } from '../protocol/synced-row.ts';
import { policyFor, type EntityRules } from '../entity-rules.ts';
import type { ConflictField } from './conflict-record.ts';
import { decideField, type EditTimes } from './field-merge.ts';
import { jsonEqual } from './json-equal.ts';

export interface RowMergeInput {
  readonly rules: EntityRules;
  /** The columns this client changed, as it saw them before (entry.base). */
  readonly base: RowValues;
  /** This client's changed columns (entry.data). */
  readonly mine: RowValues;
  /** The server's current row. */
  readonly theirs: RowValues;
  readonly times: EditTimes;
}

export type RowMerge =
  | { readonly kind: 'merged'; readonly values: RowValues }
  | { readonly kind: 'conflict'; readonly autoMerged: RowValues; readonly fields: readonly ConflictField[] };

/**
 * Field-wise 3-way merge of one row. Only the columns this client changed are examined: the server
 * row already holds everyone else's changes, and the merge writes on top of it. `values` (or
 * `autoMerged`) holds just the columns whose merged value differs from the server's, so pushing
 * them with `base_rev = theirs.rev` yields the merged row.
 *
 * No field is lost: every server column survives unless this client changed it; every column this
 * client changed either lands, was changed identically by the server, lost to a stated policy
 * (`server-wins`, `lww`), or is reported in `fields`. `id` and server-owned columns are never
 * merged (the server sets them).
 */
export function mergeRow(input: RowMergeInput): RowMerge {
  const values: RowValues = {};
  const fields: ConflictField[] = [];
  for (const column of Object.keys(input.mine).sort()) {
    if (column === 'id' || isServerOwnedColumn(column)) continue;
    const sides = { base: input.base[column], mine: input.mine[column], theirs: input.theirs[column] };
    const policy = policyFor(input.rules, column);
    const decision = decideField(policy, sides, input.times);
    if (decision.kind === 'conflict') {
      const { suggested, suggestedBy, ifMine, ifTheirs, jsonConflicts } = decision;
      fields.push({ column, policy, ...sides, suggested, suggestedBy, ifMine, ifTheirs, jsonConflicts });
    } else if (!jsonEqual(decision.value, sides.theirs)) {
      values[column] = decision.value;
    }
  }
  return fields.length === 0 ? { kind: 'merged', values } : { kind: 'conflict', autoMerged: values, fields };
}
