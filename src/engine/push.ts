import { rulesFor } from '../core/entity-rules.ts';
import { rebaseRow } from '../core/rebase.ts';
import { isOpen, toMutation, type OutboxEntry } from '../core/outbox/outbox-entry.ts';
import { chooseNextBatch } from '../core/outbox/next-batch.ts';
import { markSendFailed, markSending, recoverInFlight } from '../core/outbox/send-attempts.ts';
import { applyPushResult, type RowSettlement } from '../core/outbox/apply-push-result.ts';
import type { MutationResult } from '../core/protocol/push.ts';
import type { BackoffPolicy } from '../core/backoff.ts';
import type { SyncedTableName } from '../core/synced-tables.ts';
import type { ClinicDb } from './local-db.ts';
import type { LocalRow } from './local-records.ts';
import { describeFailure, type RemoteFailure, type SyncRemote } from './remote-port.ts';
import { appendAudit } from './capped-log.ts';
import { readPullState } from './sync-state.ts';
import { withSearchKeys } from './search-keys.ts';

export interface PushContext {
  readonly db: ClinicDb;
  readonly remote: SyncRemote;
  readonly clientId: string;
  readonly now: () => number;
  readonly newMid: () => string;
  readonly random: () => number;
  /** How long a batch that got no usable answer waits before it is sent again. */
  readonly backoff?: BackoffPolicy;
}

export interface PushCounts {
  readonly sent: number;
  readonly applied: number;
  readonly conflicts: number;
  readonly rejected: number;
  readonly bytes: number;
}

export type PushOutcome = ({ readonly kind: 'ok'; readonly more: boolean } & PushCounts) | (RemoteFailure & PushCounts);

export const defaultBatchSize = 200;

/**
 * Sends one batch: the due head entry of each row (core `chooseNextBatch`), marked `sending` in
 * IndexedDB before the request leaves, so their `mid`s are frozen. Without a usable answer they go
 * back to `pending` with the same `mid`s and a backoff; with one, every result is settled by the
 * core (`applyPushResult`) and written, with the rows' new views, in one transaction.
 */
export async function pushBatch(context: PushContext, maxMutations = defaultBatchSize): Promise<PushOutcome> {
  const { db } = context;
  const batch = await db.transaction('rw', db.outbox, async () => {
    const chosen = chooseNextBatch(await db.outbox.toArray(), { now: context.now(), maxMutations });
    const sending = markSending(chosen);
    await db.outbox.bulkPut(sending);
    return sending;
  });
  const none = { sent: 0, applied: 0, conflicts: 0, rejected: 0, bytes: 0 };
  if (batch.length === 0) return { kind: 'ok', more: false, ...none };
  const answer = await context.remote.push(context.clientId, batch.map(toMutation));
  if (answer.kind !== 'ok') {
    await giveBack(context, batch, answer);
    return { ...answer, ...none, sent: batch.length };
  }
  const counts = await settleResults(context, batch, answer.value.results);
  return { kind: 'ok', more: batch.length === maxMutations, ...counts, sent: batch.length, bytes: answer.bytes };
}

/** Pushes batches until nothing is due or a batch fails. */
export async function pushAll(context: PushContext, maxMutations = defaultBatchSize): Promise<PushOutcome> {
  let total = { sent: 0, applied: 0, conflicts: 0, rejected: 0, bytes: 0 };
  for (;;) {
    const outcome = await pushBatch(context, maxMutations);
    total = {
      sent: total.sent + outcome.sent,
      applied: total.applied + outcome.applied,
      conflicts: total.conflicts + outcome.conflicts,
      rejected: total.rejected + outcome.rejected,
      bytes: total.bytes + outcome.bytes,
    };
    if (outcome.kind !== 'ok') return { ...outcome, ...total };
    if (!outcome.more) return { ...outcome, ...total };
  }
}

async function giveBack(context: PushContext, batch: readonly OutboxEntry[], failure: RemoteFailure): Promise<void> {
  const { db } = context;
  const error = { code: failure.kind, message: describeFailure(failure) };
  await db.transaction('rw', db.outbox, async () => {
    const current = await db.outbox.bulkGet(batch.map((entry) => entry.seq));
    const stillSending = current.filter(
      (entry, i): entry is OutboxEntry => entry !== undefined && entry.state === 'sending' && entry.mid === batch[i]?.mid,
    );
    await db.outbox.bulkPut(markSendFailed(stillSending, error, { now: context.now(), random: context.random, ...(context.backoff ? { policy: context.backoff } : {}) }));
  });
}

async function settleResults(context: PushContext, batch: readonly OutboxEntry[], results: readonly MutationResult[]) {
  const { db } = context;
  const tables = [...new Set(batch.map((entry) => entry.table))].map((table) => db.rows(table));
  return db.transaction('rw', [db.outbox, db.conflicts, db.audit, db.sync_state, ...tables], async () => {
    const clockOffsetMs = (await readPullState(db)).serverTimeOffsetMs;
    let applied = 0;
    let conflicts = 0;
    let rejected = 0;
    for (const [i, result] of results.entries()) {
      const sent = batch[i];
      if (!sent) continue;
      const rowEntries = await db.outbox.where('[table+rowId]').equals([sent.table, sent.rowId]).toArray();
      const settlement = applyPushResult(rowEntries, result, { newMid: context.newMid, now: context.now(), clockOffsetMs });
      await writeSettlement(db, sent, settlement);
      if (settlement.outcome === 'applied' || settlement.outcome === 'settled' || settlement.outcome === 'merged') applied += 1;
      if (settlement.outcome === 'conflict') conflicts += 1;
      if (settlement.outcome === 'rejected') rejected += 1;
    }
    await db.sync_state.put({ key: 'push', lastPushAt: new Date(context.now()).toISOString() });
    return { applied, conflicts, rejected };
  });
}

/**
 * Writes what the core decided for one row. Closed entries whose change the server holds are
 * removed from the outbox (the server keeps the record of every mutation); the row's view is
 * rebuilt from the server row with the row's still-open entries replayed on top.
 */
export async function writeSettlement(db: ClinicDb, sent: OutboxEntry, settlement: RowSettlement): Promise<void> {
  for (const entry of settlement.updates) {
    if (entry.state === 'done') await db.outbox.delete(entry.seq);
    else await db.outbox.put(entry);
  }
  for (const entry of settlement.appended) await db.outbox.add(entry as OutboxEntry);
  if (settlement.conflict) {
    const id = crypto.randomUUID();
    await db.conflicts.add({ ...settlement.conflict, id, state: 'open', createdAt: new Date().toISOString(), resolution: null });
    await appendAudit(db, {
      kind: 'conflict',
      message: `${sent.table} ${sent.rowId}: ${settlement.conflict.kind === 'edit_vs_delete' ? 'edited a deleted row' : settlement.conflict.fields.map((field) => field.column).join(', ')} need a decision`,
      details: { conflictId: id, mid: sent.mid },
    });
  }
  if (settlement.outcome === 'rejected') {
    const failed = settlement.updates[0];
    await appendAudit(db, {
      kind: 'rejected',
      message: `${sent.table} ${sent.rowId} ${sent.op} refused: ${failed?.lastError?.code ?? 'unknown'} ${failed?.lastError?.message ?? ''}`.trim(),
      details: { mid: sent.mid },
    });
  }
  await refreshView(db, sent.table, sent.rowId, settlement);
}

async function refreshView(db: ClinicDb, table: SyncedTableName, rowId: string, settlement: RowSettlement): Promise<void> {
  const rows = db.rows(table);
  const stored = await rows.get(rowId);
  const server = settlement.serverRow;
  if (!server) {
    // Applied without the row in the answer: the view already shows the edit; take the new rev.
    const rev = settlement.outcome === 'applied' ? appliedRev(settlement) : 0;
    if (stored !== undefined && stored.rev < rev) await rows.put({ ...stored, rev });
    return;
  }
  // A pull may already have brought a newer server row (and rebased the open edits on it).
  if (stored !== undefined && stored.rev > server.rev) return;
  const open = (await db.outbox.where('[table+rowId]').equals([table, rowId]).toArray()).filter(isOpen);
  const view = rebaseRow(server, open.sort((a, b) => a.seq - b.seq), rulesFor(table));
  if (view === undefined) await rows.delete(rowId);
  else await rows.put(withSearchKeys(table, view) as LocalRow);
}

function appliedRev(settlement: RowSettlement): number {
  const result = settlement.updates[0]?.result;
  return result?.status === 'applied' ? result.rev : 0;
}

/**
 * Call only while holding the push lock: then nobody else is pushing, so entries still `sending`
 * lost their answer (the page or worker stopped mid-flight). They go back to `pending`, same mid.
 */
export async function recoverOrphans(db: ClinicDb): Promise<void> {
  await db.transaction('rw', db.outbox, async () => {
    const orphans = recoverInFlight(await db.outbox.where('state').equals('sending').toArray());
    if (orphans.length > 0) await db.outbox.bulkPut(orphans);
  });
}
