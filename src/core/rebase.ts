import { policyFor, type EntityRules } from './entity-rules.ts';
import { decideField } from './merge/field-merge.ts';
import type { MutationOp } from './protocol/push.ts';
import type { RowValues } from './protocol/synced-row.ts';

/** The part of an outbox entry that changes how its row looks. */
export interface RowEdit {
  readonly rowId: string;
  readonly op: MutationOp;
  readonly data: RowValues;
  readonly base: RowValues;
  readonly at: string;
  readonly state?: string;
}

/**
 * What the UI shows: the server's row with the row's unconfirmed edits replayed on top, in order
 * (DESIGN §4: a local edit stays visible until it is confirmed or resolved). Entries in `done` are
 * skipped; pending, sending, conflict and failed ones all still show.
 *
 * Replaying an edit over a newer server row keeps what others changed meanwhile: plain columns
 * show this client's value; columns whose policy is `merge` (record sections, tag sets, stock
 * counts) show the 3-way combination, preferring this client's value where both changed a key.
 * The row's `rev` stays the server's (0 for a row the server has not confirmed): the client never
 * invents a rev. Pure and deterministic: the same server row and edits give the same view, so a
 * re-delivered pull changes nothing.
 */
export function rebaseRow(
  serverRow: RowValues | undefined,
  edits: readonly RowEdit[],
  rules: EntityRules,
): RowValues | undefined {
  let row = serverRow;
  for (const edit of edits) {
    if (edit.state === 'done') continue;
    row = applyEdit(row, edit, rules);
  }
  return row;
}

/** One edit over one row. A delete marks the row with the client's time until the server's comes back. */
export function applyEdit(
  row: RowValues | undefined,
  edit: RowEdit,
  rules: EntityRules,
): RowValues | undefined {
  switch (edit.op) {
    case 'insert':
      return { ...row, ...edit.data, id: edit.rowId, rev: revOf(row), deleted_at: null };
    case 'update':
      return row === undefined ? undefined : { ...row, ...replayColumns(row, edit, rules) };
    case 'delete':
      return row === undefined ? undefined : { ...row, deleted_at: row['deleted_at'] ?? edit.at };
    case 'undelete':
      return row === undefined ? undefined : { ...row, deleted_at: null };
  }
}

function replayColumns(row: RowValues, edit: RowEdit, rules: EntityRules): RowValues {
  const values: RowValues = {};
  for (const [column, mine] of Object.entries(edit.data)) {
    values[column] = replayColumn(rules, column, row[column], edit.base[column], mine);
  }
  return values;
}

/**
 * One column of an edit (`base` → `mine`) replayed over the value it now lands on: the edit's
 * value, or for `merge` columns the edit's change carried over (a count's delta, the tags it
 * added or removed, the record sections it wrote).
 */
export function replayColumn(
  rules: EntityRules,
  column: string,
  current: unknown,
  base: unknown,
  mine: unknown,
): unknown {
  if (policyFor(rules, column) !== 'merge') return mine;
  const decision = decideField('merge', { base, mine, theirs: current }, MINE_IS_LATER);
  return decision.kind === 'resolved' ? decision.value : decision.suggested;
}

/** Makes every tie-break prefer the local edit: the view shows what this client typed. */
const MINE_IS_LATER = { mineAt: 1, theirsAt: 0 } as const;

function revOf(row: RowValues | undefined): number {
  const rev = row?.['rev'];
  return typeof rev === 'number' ? rev : 0;
}
