import { describe, expect, it } from 'vitest';
import { planEviction, type CachedEntry } from '../../../src/core/files/cache-eviction.ts';

const entry = (sha256: string, size: number, lastUsedAt: number, pinned = false): CachedEntry => ({
  sha256,
  size,
  lastUsedAt,
  pinned,
});

describe('planEviction', () => {
  it('evicts least recently used first until the incoming file fits', () => {
    const plan = planEviction([entry('c', 40, 3), entry('a', 40, 1), entry('b', 40, 2)], 100, 30);
    expect(plan).toEqual({ evict: ['a', 'b'], keptBytes: 70, fits: true });
  });

  it('evicts nothing while under the quota', () => {
    expect(planEviction([entry('a', 10, 1)], 100)).toEqual({ evict: [], keptBytes: 10, fits: true });
  });

  it('never evicts pinned bytes (captured here, not uploaded), even over quota', () => {
    const plan = planEviction([entry('p', 90, 0, true), entry('a', 20, 5)], 50);
    expect(plan).toEqual({ evict: ['a'], keptBytes: 90, fits: false });
  });

  it('breaks ties on last use by hash', () => {
    expect(planEviction([entry('b', 10, 1), entry('a', 10, 1)], 10).evict).toEqual(['a']);
  });
});
