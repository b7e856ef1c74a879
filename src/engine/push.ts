import { toMutation, type OutboxEntry } from '../core/outbox/outbox-entry.ts';
import { chooseNextBatch } from '../core/outbox/next-batch.ts';
import { markSendFailed, markSending, recoverInFlight } from '../core/outbox/send-attempts.ts';
import type { BackoffPolicy } from '../core/backoff.ts';
import type { MutationResult } from '../core/protocol/push.ts';
import type { ClinicDb } from './local-db.ts';
import { describeFailure, type RemoteFailure, type SyncRemote } from './remote-port.ts';
import { settleResults } from './settle-push.ts';
import type { PullStart } from './sync-state.ts';

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

/**
 * `pullStart`: the pull state as the last settlement left it (null when nothing was settled), so
 * the next pull needs no read to know where it starts.
 */
export type PushOutcome = (
  ({ readonly kind: 'ok'; readonly more: boolean } & PushCounts) | (RemoteFailure & PushCounts)
) & { readonly pullStart: PullStart | null };

export const defaultBatchSize = 200;

/** A batch marked `sending`, with the entries as they were before, to undo a claim never sent. */
interface Claim {
  readonly sending: readonly OutboxEntry[];
  readonly before: readonly OutboxEntry[];
}

/**
 * Call only while holding the push lock. Pushes batches until nothing is due or a batch fails. A
 * batch is the due head entry of each row (core `chooseNextBatch`), marked `sending` in IndexedDB
 * before the request leaves, so its `mid`s are frozen. Without a usable answer it goes back to
 * `pending`, same `mid`s, with a backoff; with one, the core settles every result
 * (`settleResults`).
 *
 * Pipelined, in outbox order:
 *
 *   claim 1 ─ send 1 ──────► answer 1 ─ send 2 ──────► answer 2 ─ send 3 …
 *             claim 2 (meanwhile)       settle 1, claim 3 (meanwhile)
 *
 * Batch k+1 leaves only once batch k's answer is in, so the server applies the outbox in order (an
 * insert before the rows that refer to it); batch k is settled while k+1 is on the server, so
 * IndexedDB and the server work at the same time. A claimed batch never contains a row of the
 * batch in flight (that row's head is `sending`). On failure the batch in flight goes back with a
 * backoff and the claimed one, which never left, goes back as it was.
 */
export async function pushAll(context: PushContext, maxMutations = defaultBatchSize): Promise<PushOutcome> {
  let totals: PushCounts = { sent: 0, applied: 0, conflicts: 0, rejected: 0, bytes: 0 };
  const add = (counts: Partial<PushCounts>): void => {
    totals = {
      sent: totals.sent + (counts.sent ?? 0),
      applied: totals.applied + (counts.applied ?? 0),
      conflicts: totals.conflicts + (counts.conflicts ?? 0),
      rejected: totals.rejected + (counts.rejected ?? 0),
      bytes: totals.bytes + (counts.bytes ?? 0),
    };
  };
  // Settlements run one after another, each while the next batch is on the server. One that
  // fails stops the pipeline before another batch leaves (its entries stay `sending`, recovered
  // with the same mids by the next push).
  let settling: Promise<void> = Promise.resolve();
  // Typed by its initialiser, not narrowed to null: the settlement callbacks assign it.
  let settleFailure = null as { readonly error: unknown } | null;
  let pullStart = null as PullStart | null;
  const settle = (batch: readonly OutboxEntry[], results: readonly MutationResult[]): void => {
    settling = settling
      .then(async () => {
        const settled = await settleResults(context, batch, results);
        add(settled);
        pullStart = settled.pullStart;
      })
      .catch((error: unknown) => {
        settleFailure ??= { error };
      });
  };
  // Under the push lock nobody else is pushing: entries still `sending` lost their answer (a
  // page or worker stopped mid-flight) and go back to `pending`, same mid, in the first claim.
  let inFlight = await claimBatch(context, maxMutations, { recoverOrphans: true });
  if (inFlight.sending.length === 0) return { kind: 'ok', more: false, ...totals, pullStart };
  for (;;) {
    const request = context.remote.push(context.clientId, inFlight.sending.map(toMutation));
    add({ sent: inFlight.sending.length });
    const next = inFlight.sending.length === maxMutations ? await claimBatch(context, maxMutations) : null;
    const answer = await request;
    if (answer.kind !== 'ok') {
      await settling;
      await giveBack(context, inFlight.sending, answer);
      if (next) await unclaim(context, next);
      return { ...answer, ...totals, pullStart };
    }
    add({ bytes: answer.bytes });
    settle(inFlight.sending, answer.value.results);
    if (next === null || next.sending.length === 0 || settleFailure !== null) {
      await settling;
      if (next) await unclaim(context, next);
      if (settleFailure !== null) throw settleFailure.error;
      return { kind: 'ok', more: false, ...totals, pullStart };
    }
    inFlight = next;
  }
}

async function claimBatch(
  context: PushContext,
  maxMutations: number,
  options: { readonly recoverOrphans?: boolean } = {},
): Promise<Claim> {
  const { db } = context;
  return db.transaction('rw', db.outbox, async () => {
    let entries = await db.outbox.toArray();
    if (options.recoverOrphans) {
      const orphans = recoverInFlight(entries);
      if (orphans.length > 0) {
        await db.outbox.bulkPut(orphans);
        entries = await db.outbox.toArray();
      }
    }
    const before = chooseNextBatch(entries, { now: context.now(), maxMutations });
    const sending = markSending(before);
    await db.outbox.bulkPut(sending);
    return { sending, before };
  });
}

/** Entries of a claim that never left go back exactly as they were (no attempt counted). */
async function unclaim(context: PushContext, claim: Claim): Promise<void> {
  const { db } = context;
  await db.transaction('rw', db.outbox, async () => {
    const current = await db.outbox.bulkGet(claim.sending.map((entry) => entry.seq));
    const untouched = claim.before.filter((entry, i) => {
      const now = current[i];
      return now !== undefined && now.state === 'sending' && now.mid === entry.mid;
    });
    await db.outbox.bulkPut(untouched);
  });
}

async function giveBack(
  context: PushContext,
  batch: readonly OutboxEntry[],
  failure: RemoteFailure,
): Promise<void> {
  const { db } = context;
  const error = { code: failure.kind, message: describeFailure(failure) };
  await db.transaction('rw', db.outbox, async () => {
    const current = await db.outbox.bulkGet(batch.map((entry) => entry.seq));
    const stillSending = current.filter(
      (entry, i): entry is OutboxEntry =>
        entry !== undefined && entry.state === 'sending' && entry.mid === batch[i]?.mid,
    );
    await db.outbox.bulkPut(
      markSendFailed(stillSending, error, {
        now: context.now(),
        random: context.random,
        ...(context.backoff ? { policy: context.backoff } : {}),
      }),
    );
  });
}
