import { describe, expect, it } from 'vitest';
import { backoffCeiling, backoffDelay } from '../../../src/core/backoff.ts';

const policy = { baseMs: 1_000, maxMs: 30_000 };

describe('backoff with full jitter', () => {
  it('doubles the ceiling per failure up to the maximum', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 60, 5000].map((n) => backoffCeiling(n, policy))).toEqual([
      0, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('draws uniformly below the ceiling with the injected random source', () => {
    expect(backoffDelay(3, () => 0, policy)).toBe(0);
    expect(backoffDelay(3, () => 0.25, policy)).toBe(1_000);
    expect(backoffDelay(3, () => 0.999999, policy)).toBeLessThan(4_000);
  });

  it('stays in range even if the random source misbehaves', () => {
    expect(backoffDelay(2, () => 7, policy)).toBeLessThan(2_000);
    expect(backoffDelay(2, () => -1, policy)).toBe(0);
  });
});
