import { rulesFor } from '../entity-rules.ts';
import type { ConflictRecord } from '../merge/conflict-record.ts';
import { reconcileConflict, type ConflictOutcome } from '../merge/reconcile-conflict.ts';
import { supersededValues, type SupersededValue } from '../merge/superseded-values.ts';
import type { MutationResult } from '../protocol/push.ts';
import type { SyncedRow } from '../protocol/synced-row.ts';
import { isOpen, newOutboxEntry, type NewOutboxEntry, type OutboxEntry } from './outbox-entry.ts';

export interface SettleContext {
  /** A fresh mutation id, for an entry that must be re-sent as a new mutation. */
  readonly newMid: () => string;
  /** Client clock, epoch ms. */
  readonly now: number;
  /** server time − client time, ms (clock-skew estimate), to compare edit times for lww. */
  readonly clockOffsetMs: number;
}

/**
 * What the store must do, in one transaction, with a row after a result:
 * - write `updates` back (same `seq`), add `appended` at the end of the outbox;
 * - store `serverRow` as the row's server copy when its rev is newer than the stored one, then
 *   rebase the row's open entries on it to refresh the view;
 * - store `conflict` in the conflicts store when set: the answered entry, or the next entry of the
 *   row re-based on the answer, needs a person;
 * - keep every value of `superseded` (typed by this device or on the server, replaced by the
 *   rules' merge) in the audit log and the row's history.
 */
export interface RowSettlement {
  readonly outcome: 'applied' | 'merged' | 'settled' | 'conflict' | 'rejected' | 'stale';
  readonly updates: readonly OutboxEntry[];
  readonly appended: readonly NewOutboxEntry[];
  readonly serverRow: SyncedRow | null;
  readonly conflict: ConflictRecord | null;
  readonly superseded: readonly SupersededValue[];
}

/**
 * Applies one push result to the entries of its row. A result for an entry that is gone or
 * already settled changes nothing (`stale`): re-delivering a response is harmless, and a replayed
 * result is handled exactly like the first delivery.
 *
 * - applied  → entry `done`; the row's next entry is handed on to the server row (see handOn).
 * - conflict → reconciled by the entity rules: re-sent as a merged mutation (new `mid`, same `seq`,
 *              so the row keeps its order), settled (`done`), or left in `conflict` for a person.
 *              A conflict without a server row cannot be merged: the entry fails (`row_missing`).
 * - rejected → entry `failed` with the server's code and message, holding back its row only.
 */
export function applyPushResult(
  rowEntries: readonly OutboxEntry[],
  result: MutationResult,
  context: SettleContext,
): RowSettlement {
  const entry = rowEntries.find((candidate) => candidate.mid === result.mid);
  if (entry === undefined || !isOpen(entry) || entry.state === 'conflict' || entry.state === 'failed') {
    return settlement('stale', [], null);
  }
  switch (result.status) {
    case 'applied': {
      const closed: OutboxEntry = { ...entry, state: 'done', result, lastError: null };
      return { ...handOn(rowEntries, closed, result.row, result.rev, context), outcome: 'applied' };
    }
    case 'rejected': {
      const lastError = { code: result.code, message: result.message };
      return settlement('rejected', [{ ...entry, state: 'failed', result, lastError }], null);
    }
    case 'conflict':
      return settleConflict(rowEntries, { ...entry, result }, result.row, context);
  }
}

function settleConflict(
  rowEntries: readonly OutboxEntry[],
  entry: OutboxEntry,
  theirs: SyncedRow | null,
  context: SettleContext,
): RowSettlement {
  if (theirs === null) {
    const lastError = { code: 'row_missing', message: 'the server has no such row to merge with' };
    return settlement('rejected', [{ ...entry, state: 'failed', lastError }], null);
  }
  const rules = rulesFor(entry.table);
  const outcome = reconcileConflict(entry, theirs, rules, serverTimeOfEdit(entry, context));
  const settled = applyConflictOutcome(rowEntries, entry, outcome, theirs, context);
  const superseded = supersededValues(entry, theirs, outcome, rules);
  return { ...settled, superseded: [...superseded, ...settled.superseded] };
}

/**
 * Carries out a conflict outcome on the entry: the automatic one right after a push, or a
 * person's decision (`resolveConflict`) later on. Shared so both paths keep the same invariants.
 */
export function applyConflictOutcome(
  rowEntries: readonly OutboxEntry[],
  entry: OutboxEntry,
  outcome: ConflictOutcome,
  theirs: SyncedRow,
  context: SettleContext,
): RowSettlement {
  if (outcome.kind === 'manual') {
    return {
      ...settlement('conflict', [{ ...entry, state: 'conflict' }], theirs),
      conflict: outcome.conflict,
    };
  }
  if (outcome.kind === 'settled') {
    const closed: OutboxEntry = { ...entry, state: 'done', lastError: null };
    return { ...handOn(rowEntries, closed, theirs, theirs.rev, context), outcome: 'settled' };
  }
  const { mutation, followUp } = outcome;
  const replaced: OutboxEntry = {
    ...entry,
    mid: context.newMid(),
    op: mutation.op,
    data: mutation.data,
    base: mutation.base,
    baseRev: mutation.baseRev,
    state: 'pending',
    attempts: 0,
    nextAttemptAt: 0,
    lastError: null,
    supersedes: [...entry.supersedes, entry.mid],
  };
  const appended =
    followUp === null
      ? []
      : [
          newOutboxEntry({
            ...followUp,
            mid: context.newMid(),
            table: entry.table,
            rowId: entry.rowId,
            baseRev: null,
            now: context.now,
          }),
        ];
  return { ...settlement('merged', [replaced], theirs), appended };
}

/**
 * Closes `closed` and moves the row's next open entry onto the server row the answer carried.
 * That entry was written against the row as this client showed it; the server row may differ
 * (an earlier entry was merged with someone else's change), so it is reconciled with that row,
 * exactly like a conflict: plain columns keep this client's value if nobody else touched them,
 * `merge` columns combine, real collisions go to the rules. It keeps its `mid` (it was never sent:
 * only a row's head is ever in flight) and takes the row's rev as `base_rev`. An entry the server
 * row already satisfies closes too, and the one after it is handed on in turn.
 */
function handOn(
  rowEntries: readonly OutboxEntry[],
  closed: OutboxEntry,
  serverRow: SyncedRow | null,
  rev: number,
  context: SettleContext,
): RowSettlement {
  const updates: OutboxEntry[] = [closed];
  const superseded: SupersededValue[] = [];
  let next = nextOpenEntry(rowEntries, closed.seq);
  while (next !== undefined) {
    if (serverRow === null || next.attempts > 0) {
      updates.push({ ...next, baseRev: rev });
      break;
    }
    const rules = rulesFor(next.table);
    const outcome = reconcileConflict(next, serverRow, rules, serverTimeOfEdit(next, context));
    superseded.push(...supersededValues(next, serverRow, outcome, rules));
    if (outcome.kind === 'resend') {
      const { op, data, base, baseRev } = outcome.mutation;
      updates.push({ ...next, op, data, base, baseRev });
      break;
    }
    if (outcome.kind === 'manual') {
      updates.push({ ...next, state: 'conflict' });
      return { ...settlement('applied', updates, serverRow), conflict: outcome.conflict, superseded };
    }
    updates.push({ ...next, state: 'done', lastError: null });
    next = nextOpenEntry(rowEntries, next.seq);
  }
  return { ...settlement('applied', updates, serverRow), superseded };
}

function nextOpenEntry(rowEntries: readonly OutboxEntry[], afterSeq: number): OutboxEntry | undefined {
  let next: OutboxEntry | undefined;
  for (const candidate of rowEntries) {
    if (!isOpen(candidate) || candidate.seq <= afterSeq) continue;
    if (next === undefined || candidate.seq < next.seq) next = candidate;
  }
  return next;
}

/** The edit's time on the server's clock, for lww. */
function serverTimeOfEdit(entry: OutboxEntry, context: SettleContext): number {
  return Date.parse(entry.at) + context.clockOffsetMs;
}

function settlement(
  outcome: RowSettlement['outcome'],
  updates: readonly OutboxEntry[],
  serverRow: SyncedRow | null,
): RowSettlement {
  return { outcome, updates, appended: [], serverRow, conflict: null, superseded: [] };
}
