import { isOpen, rowKey, type OutboxEntry } from './outbox-entry.ts';

export interface BatchOptions {
  /** Client clock, epoch ms: entries waiting for a backoff later than this are not due. */
  readonly now: number;
  readonly maxMutations: number;
}

/**
 * The first open entry of every row (lowest `seq`). Only a head may be sent: a row's mutations go
 * in order, one in flight at a time, because each needs the rev its predecessor's result carries.
 */
export function rowHeads(entries: readonly OutboxEntry[]): Map<string, OutboxEntry> {
  const heads = new Map<string, OutboxEntry>();
  for (const entry of entries) {
    if (!isOpen(entry)) continue;
    const key = rowKey(entry);
    const head = heads.get(key);
    if (head === undefined || entry.seq < head.seq) heads.set(key, entry);
  }
  return heads;
}

/**
 * The entries to push next, oldest first: heads that are `pending` and due. A head in `sending`,
 * `conflict` or `failed` holds back its own row only; unrelated rows never wait on it.
 */
export function chooseNextBatch(entries: readonly OutboxEntry[], options: BatchOptions): OutboxEntry[] {
  const due = [...rowHeads(entries).values()].filter(
    (head) => head.state === 'pending' && head.nextAttemptAt <= options.now,
  );
  due.sort((a, b) => a.seq - b.seq);
  return due.slice(0, Math.max(0, options.maxMutations));
}

/** When the next not-yet-due head becomes due (epoch ms), or null if none is waiting. */
export function nextDueAt(entries: readonly OutboxEntry[], now: number): number | null {
  let earliest: number | null = null;
  for (const head of rowHeads(entries).values()) {
    if (head.state !== 'pending' || head.nextAttemptAt <= now) continue;
    if (earliest === null || head.nextAttemptAt < earliest) earliest = head.nextAttemptAt;
  }
  return earliest;
}

/** Counts for the status line. */
export function outboxCounts(entries: readonly OutboxEntry[]): {
  pending: number;
  sending: number;
  conflict: number;
  failed: number;
} {
  const counts = { pending: 0, sending: 0, conflict: 0, failed: 0 };
  for (const entry of entries) if (entry.state !== 'done') counts[entry.state] += 1;
  return counts;
}
