import type { Mutation, MutationOp, MutationResult } from '../protocol/push.ts';
import type { RowValues } from '../protocol/synced-row.ts';
import type { SyncedTableName } from '../synced-tables.ts';

/**
 * Life of an outbox entry (DESIGN §4):
 *
 *   pending ──send──► sending ──applied──► done
 *      ▲                 │ ├──conflict (merged)──► pending (new mid, rebased)
 *      │                 │ ├──conflict (manual)──► conflict ──person resolves──► pending | done
 *      └─lost response / │ └──rejected──────────► failed ──person retries──► pending (new mid)
 *        network error ──┘                                 └─person discards──► done (audited)
 *
 * `conflict` and `failed` entries stay in the outbox, visible, until a person acts; nothing is
 * dropped silently.
 */
export const outboxStates = ['pending', 'sending', 'done', 'conflict', 'failed'] as const;

export type OutboxState = (typeof outboxStates)[number];

/** The transient failure last seen when sending (network, 5xx, malformed answer). */
export interface OutboxError {
  readonly code: string;
  readonly message: string;
}

/**
 * One queued local mutation.
 *
 * Invariants the outbox functions keep:
 * - `seq` orders the mutations of one row (`table` + `rowId`); a row's entries are sent in `seq`
 *   order, at most one of them in flight.
 * - `mid` never changes while the server may have seen it (`attempts > 0`): a retry re-sends the
 *   same `mid`, which the server answers from its record without writing again. Only an entry
 *   that was never sent is coalesced with a later edit.
 * - An entry replaced after a conflict or a person's decision gets a new `mid` and lists the old
 *   ones in `supersedes`, so the history of the edit stays traceable.
 */
export interface OutboxEntry {
  /** Position in the outbox, assigned by the store when the entry is first written (ascending). */
  readonly seq: number;
  readonly mid: string;
  readonly table: SyncedTableName;
  readonly rowId: string;
  readonly op: MutationOp;
  /** Changed columns (whole row for insert; empty for delete and undelete). */
  readonly data: RowValues;
  /** Those columns as this client saw them before the edit (empty for insert). */
  readonly base: RowValues;
  /** Server rev the edit applies to; replaced by the previous entry's result rev once it lands. */
  readonly baseRev: number | null;
  /** Client clock (ISO) of the latest edit folded into this entry. */
  readonly at: string;
  readonly state: OutboxState;
  /** How many times the entry was handed to the network. */
  readonly attempts: number;
  /** Epoch ms before which the entry is not sent again (backoff); 0 = at once. */
  readonly nextAttemptAt: number;
  readonly lastError: OutboxError | null;
  /** The server's answer that settled the entry (done, conflict or failed). */
  readonly result: MutationResult | null;
  readonly supersedes: readonly string[];
  /** Epoch ms of the first edit. */
  readonly createdAt: number;
}

/** An entry before the store has given it its `seq`. */
export type NewOutboxEntry = Omit<OutboxEntry, 'seq'>;

export interface NewEntryInput {
  readonly mid: string;
  readonly table: SyncedTableName;
  readonly rowId: string;
  readonly op: MutationOp;
  readonly data: RowValues;
  readonly base: RowValues;
  readonly baseRev: number | null;
  /** Client time of the edit, epoch ms. */
  readonly now: number;
}

export function newOutboxEntry(input: NewEntryInput): NewOutboxEntry {
  return {
    mid: input.mid,
    table: input.table,
    rowId: input.rowId,
    op: input.op,
    data: input.data,
    base: input.base,
    baseRev: input.baseRev,
    at: new Date(input.now).toISOString(),
    state: 'pending',
    attempts: 0,
    nextAttemptAt: 0,
    lastError: null,
    result: null,
    supersedes: [],
    createdAt: input.now,
  };
}

/** The wire form of an entry. */
export function toMutation(entry: OutboxEntry | NewOutboxEntry): Mutation {
  return {
    mid: entry.mid,
    table: entry.table,
    op: entry.op,
    id: entry.rowId,
    base_rev: entry.baseRev,
    data: entry.data,
    base: entry.base,
    at: entry.at,
  };
}

/** One key per row, to group a row's entries. */
export function rowKey(entry: { readonly table: string; readonly rowId: string }): string {
  return `${entry.table}/${entry.rowId}`;
}

/** Entries that still matter for the row: not yet confirmed by the server nor let go. */
export function isOpen(entry: { readonly state: OutboxState }): boolean {
  return entry.state !== 'done';
}

/** True if the server may already have processed the entry, so its `mid` must not change. */
export function mayHaveReachedServer(entry: OutboxEntry | NewOutboxEntry): boolean {
  return entry.attempts > 0 || entry.state !== 'pending';
}
