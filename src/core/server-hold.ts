import { backoffCeiling } from './backoff.ts';

/**
 * A pull held back by a transaction left open on the server (DESIGN §3.1): revs are settled only
 * below the oldest open transaction, so rows committed after it wait, unseen but never skipped,
 * until it ends. Every `sync_pull` answer says since when such a transaction has been open
 * (`held_since`); a person should hear of it once it has lasted longer than a blink.
 */
export interface ServerHold {
  /** When the holding transaction began (server clock, ISO). */
  readonly since: string;
  /** How long it had been open when the answer was written. */
  readonly forMs: number;
}

/** Shorter holds are every busy server's normal state (a push in flight). */
export const serverHoldNoticeMs = 5_000;

/**
 * The hold a pull answer reports, or null when none lasted `serverHoldNoticeMs`. Measured on the
 * server's own clock (`server_time − held_since`, both from one answer), so the device's clock
 * skew does not matter.
 */
export function serverHoldOf(answer: {
  readonly held_since?: string | null | undefined;
  readonly server_time: string;
}): ServerHold | null {
  if (!answer.held_since) return null;
  const forMs = Date.parse(answer.server_time) - Date.parse(answer.held_since);
  if (!Number.isFinite(forMs) || forMs < serverHoldNoticeMs) return null;
  return { since: answer.held_since, forMs };
}

/**
 * How long to wait before pulling again when a pull ended below a rev a poke announced: that
 * commit is held back behind an open transaction, whose end may send no poke of its own (it
 * wrote no synced row). 0.5 s, doubling up to 15 s; the regular poll covers anything longer.
 */
export function heldBackRetryMs(attempt: number): number {
  return backoffCeiling(Math.max(1, attempt), { baseMs: 500, maxMs: 15_000 });
}
