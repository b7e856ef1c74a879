import type { EntityRules } from '../entity-rules.ts';
import type { RowValues } from '../protocol/synced-row.ts';
import { replayColumn } from '../rebase.ts';
import type { NewOutboxEntry, OutboxEntry } from './outbox-entry.ts';
import { mayHaveReachedServer } from './outbox-entry.ts';

/**
 * Folding a new edit into the row's last entry, when that entry was never sent (once sent, the
 * server may hold its `mid`, and re-sending that `mid` with other data would be answered with the
 * old result: the new edit would be lost).
 *
 *   last unsent ╲ new │ update                        │ delete            │ undelete
 *   ──────────────────┼───────────────────────────────┼───────────────────┼──────────────────
 *   insert            │ insert, data merged           │ cancel both       │ (invalid: live)
 *   update            │ update, data merged,          │ append            │ (invalid: live)
 *                     │ first base and base_rev kept  │                   │
 *   delete            │ (invalid: deleted)            │ (no-op: deleted)  │ cancel both
 *   undelete          │ append                        │ cancel both       │ (no-op: live)
 *
 * A `failed` entry (the server refused it and applied nothing) folds the same way, under the new
 * edit's `mid` and back to `pending`: correcting a refused change resends it, corrected.
 *
 * `insert` after anything is invalid (the row exists). "append" keeps both entries: an update
 * before a delete must still reach the server (a soft delete keeps the columns, a later undelete
 * shows them), and an update after an undelete needs the undelete's rev. "cancel both" removes
 * the unsent entry and sends nothing: the server never saw the row change. Invalid and no-op
 * cases are caught earlier, by `validateEdit` and `planEnqueue`, from the row's visible state.
 *
 * Folding data: the new edit's columns win, except `merge` columns the entry already holds, where
 * the new edit's change is carried onto the entry's value. That matters when a pull moved the
 * view in between: the view then shows the server's count plus the pending delta, and the new
 * edit's delta must be added to the entry's delta, not replace it.
 *
 * An edit of a column the table's rules keep apart (`separateEdits`) is never folded: it stays its
 * own mutation, sent after the ones before it are confirmed. An invoice issued offline must reach
 * the server after its lines, which the server checks its total against; folded into the unsent
 * insert it would arrive first.
 *
 * Equivalence (property-tested): applying the folded entry on the server gives the same columns
 * as applying the two edits one after the other.
 */
export type Coalesced =
  | { readonly kind: 'replace'; readonly entry: OutboxEntry }
  | { readonly kind: 'cancel' }
  | { readonly kind: 'append' };

export function coalesce(last: OutboxEntry, next: NewOutboxEntry, rules: EntityRules): Coalesced {
  if (last.state === 'failed') return correct(last, next, rules);
  if (last.state !== 'pending' || mayHaveReachedServer(last)) return { kind: 'append' };
  if (next.op === 'update' && rules.separateEdits.some((column) => column in next.data))
    return { kind: 'append' };
  if (last.op === 'insert' && next.op === 'update') return replace(last, next, { ...last.base }, rules);
  if (last.op === 'update' && next.op === 'update') {
    return replace(last, next, { ...next.base, ...last.base }, rules);
  }
  if (last.op === 'insert' && next.op === 'delete') return { kind: 'cancel' };
  if (last.op === 'delete' && next.op === 'undelete') return { kind: 'cancel' };
  if (last.op === 'undelete' && next.op === 'delete') return { kind: 'cancel' };
  return { kind: 'append' };
}

/**
 * A person corrects a refused change. The server applied nothing of a rejected mutation, so the
 * correction folds into it exactly as into an unsent entry, and the whole goes out again at once
 * under the correction's `mid` (the server would answer the refused `mid` with its old refusal),
 * the refused one kept in `supersedes`. Saving the correction is the retry: nothing waits behind
 * the refusal, and nothing of what the person first typed is dropped unless they change it.
 */
function correct(last: OutboxEntry, next: NewOutboxEntry, rules: EntityRules): Coalesced {
  const resent = {
    ...last,
    mid: next.mid,
    state: 'pending',
    attempts: 0,
    nextAttemptAt: 0,
    lastError: null,
    result: null,
    supersedes: [...last.supersedes, last.mid],
  } as const;
  const folded = coalesce(resent, next, rules);
  return folded.kind === 'append' ? { kind: 'append' } : folded;
}

/** Same seq, same mid, same base_rev: the entry now carries both edits. */
function replace(last: OutboxEntry, next: NewOutboxEntry, base: RowValues, rules: EntityRules): Coalesced {
  const data: RowValues = { ...last.data };
  for (const [column, value] of Object.entries(next.data)) {
    data[column] =
      column in last.data ? replayColumn(rules, column, last.data[column], next.base[column], value) : value;
  }
  return { kind: 'replace', entry: { ...last, data, base, at: next.at } };
}
