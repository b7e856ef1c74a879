import { backoffDelay, defaultBackoff, type BackoffPolicy, type RandomSource } from '../backoff.ts';
import type { OutboxEntry, OutboxError } from './outbox-entry.ts';

/** Entries handed to the network. From here on their `mid` is frozen. */
export function markSending(entries: readonly OutboxEntry[]): OutboxEntry[] {
  return entries.map((entry) => ({ ...entry, state: 'sending', attempts: entry.attempts + 1 }));
}

export interface RetryTiming {
  /** Client clock, epoch ms. */
  readonly now: number;
  readonly random: RandomSource;
  readonly policy?: BackoffPolicy;
}

/**
 * The push got no usable answer (network down, 5xx, malformed or mismatched answer, response lost
 * after the server committed). The entries go back to `pending` with the SAME `mid`: the next send
 * is either their first arrival or a replay the server answers from its record. They wait a
 * jittered backoff that grows with their attempts.
 */
export function markSendFailed(
  entries: readonly OutboxEntry[],
  error: OutboxError,
  timing: RetryTiming,
): OutboxEntry[] {
  return entries.map((entry) => ({
    ...entry,
    state: 'pending',
    lastError: error,
    nextAttemptAt: timing.now + backoffDelay(entry.attempts, timing.random, timing.policy ?? defaultBackoff),
  }));
}

/**
 * After a restart, entries left in `sending` were in flight when the page or worker stopped: their
 * answer is lost. They become `pending` again, due at once, with the same `mid`.
 */
export function recoverInFlight(entries: readonly OutboxEntry[]): OutboxEntry[] {
  return entries
    .filter((entry) => entry.state === 'sending')
    .map((entry) => ({ ...entry, state: 'pending', nextAttemptAt: 0 }));
}

/**
 * A person retries a `failed` entry. The server recorded the rejected `mid` and would answer it
 * again, so the retry goes out under a new `mid`; the old one is kept in `supersedes`.
 */
export function retryFailed(entry: OutboxEntry, newMid: string): OutboxEntry | null {
  if (entry.state !== 'failed') return null;
  return {
    ...entry,
    mid: newMid,
    state: 'pending',
    attempts: 0,
    nextAttemptAt: 0,
    lastError: null,
    supersedes: [...entry.supersedes, entry.mid],
  };
}

/**
 * A person gives up a `failed` or `conflict` entry. It closes as `done` with its result kept, so
 * the decision stays in history (the engine also writes the audit line); never silent.
 */
export function discardEntry(entry: OutboxEntry): OutboxEntry | null {
  if (entry.state !== 'failed' && entry.state !== 'conflict') return null;
  return { ...entry, state: 'done', nextAttemptAt: 0 };
}

/** Retry now: clears the backoff of pending entries (the "sync now" button). */
export function makeDueNow(entries: readonly OutboxEntry[]): OutboxEntry[] {
  return entries
    .filter((entry) => entry.state === 'pending' && entry.nextAttemptAt > 0)
    .map((entry) => ({ ...entry, nextAttemptAt: 0 }));
}
