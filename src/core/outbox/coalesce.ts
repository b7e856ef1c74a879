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
 * `insert` after anything is invalid (the row exists). "append" keeps both entries: an update
 * before a delete must still reach the server (a soft delete keeps the columns, a later undelete
 * shows them), and an update after an undelete needs the undelete's rev. "cancel both" removes
 * the unsent entry and sends nothing: the server never saw the row change. Invalid and no-op
 * cases are caught earlier, by `validateEdit` and `planEnqueue`, from the row's visible state.
 *
 * Equivalence (property-tested): applying the folded entry on the server gives the same columns
 * as applying the two edits one after the other.
 */
export type Coalesced =
  | { readonly kind: 'replace'; readonly entry: OutboxEntry }
  | { readonly kind: 'cancel' }
  | { readonly kind: 'append' };

export function coalesce(last: OutboxEntry, next: NewOutboxEntry): Coalesced {
  if (last.state !== 'pending' || mayHaveReachedServer(last)) return { kind: 'append' };
  if (last.op === 'insert' && next.op === 'update') return replace(last, next, { ...last.base });
  if (last.op === 'update' && next.op === 'update')
    return replace(last, next, { ...next.base, ...last.base });
  if (last.op === 'insert' && next.op === 'delete') return { kind: 'cancel' };
  if (last.op === 'delete' && next.op === 'undelete') return { kind: 'cancel' };
  if (last.op === 'undelete' && next.op === 'delete') return { kind: 'cancel' };
  return { kind: 'append' };
}

/** Same seq, same mid, same base_rev: the entry now carries both edits. */
function replace(last: OutboxEntry, next: NewOutboxEntry, base: OutboxEntry['base']): Coalesced {
  const entry: OutboxEntry = { ...last, data: { ...last.data, ...next.data }, base, at: next.at };
  return { kind: 'replace', entry };
}
