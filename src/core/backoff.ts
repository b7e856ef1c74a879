/**
 * Exponential backoff with full jitter: after the n-th consecutive failure wait a uniformly random
 * time in [0, min(maxMs, baseMs · 2^(n-1))). Full jitter spreads the retries of many clients that
 * failed together (a server restart) instead of having them knock again in step.
 * `random` is injected (returns [0, 1)) so tests and replays are deterministic.
 */
export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 1_000, maxMs: 5 * 60_000 };

export type RandomSource = () => number;

export function backoffCeiling(failures: number, policy: BackoffPolicy = defaultBackoff): number {
  if (failures <= 0) return 0;
  // 2^(n-1) overflows to Infinity for huge n; min() keeps the ceiling at maxMs.
  return Math.min(policy.maxMs, policy.baseMs * 2 ** (failures - 1));
}

export function backoffDelay(
  failures: number,
  random: RandomSource,
  policy: BackoffPolicy = defaultBackoff,
): number {
  const r = Math.min(Math.max(random(), 0), 1 - Number.EPSILON);
  return Math.floor(r * backoffCeiling(failures, policy));
}
