import { describe, expect, it } from 'vitest';
import { decideField } from '../../../../src/core/merge/field-merge.ts';

const mineLater = { mineAt: 2_000, theirsAt: 1_000 };
const theirsLater = { mineAt: 1_000, theirsAt: 2_000 };
const tie = { mineAt: 1_000, theirsAt: 1_000 };
const both = { base: 'a', mine: 'b', theirs: 'c' };

describe('decideField', () => {
  it('takes the only side that changed, whatever the policy', () => {
    for (const policy of ['merge', 'server-wins', 'client-wins', 'lww', 'manual'] as const) {
      expect(decideField(policy, { base: 'a', mine: 'b', theirs: 'a' }, theirsLater)).toEqual({
        kind: 'resolved',
        value: 'b',
        by: 'mine',
      });
      expect(decideField(policy, { base: 'a', mine: 'a', theirs: 'c' }, mineLater)).toEqual({
        kind: 'resolved',
        value: 'c',
        by: 'theirs',
      });
      expect(decideField(policy, { base: 'a', mine: 'z', theirs: 'z' }, mineLater)).toMatchObject({
        kind: 'resolved',
        value: 'z',
      });
    }
  });

  it('server-wins and client-wins pick their side', () => {
    expect(decideField('server-wins', both, mineLater)).toMatchObject({ value: 'c', by: 'theirs' });
    expect(decideField('client-wins', both, theirsLater)).toMatchObject({ value: 'b', by: 'mine' });
  });

  it('lww picks the later edit, and the server on a tie', () => {
    expect(decideField('lww', both, mineLater)).toMatchObject({ value: 'b', by: 'mine' });
    expect(decideField('lww', both, theirsLater)).toMatchObject({ value: 'c', by: 'theirs' });
    expect(decideField('lww', both, tie)).toMatchObject({ value: 'c', by: 'theirs' });
  });

  it('manual becomes a conflict suggesting the later edit', () => {
    expect(decideField('manual', both, mineLater)).toEqual({
      kind: 'conflict',
      suggested: 'b',
      suggestedBy: 'mine',
      ifMine: 'b',
      ifTheirs: 'c',
      jsonConflicts: [],
    });
  });

  it('merge adds both deltas of a count', () => {
    expect(decideField('merge', { base: 10, mine: 7, theirs: 15 }, tie)).toEqual({
      kind: 'resolved',
      value: 12,
      by: 'merged',
    });
  });

  it('merge of a count adds both deltas even when both sides reached the same number', () => {
    // Regression found by the convergence property (seed 494262490): 100 − 4 on two clients.
    expect(decideField('merge', { base: 100, mine: 104, theirs: 104 }, tie)).toMatchObject({ value: 108 });
    expect(decideField('merge', { base: 100, mine: 100, theirs: 104 }, tie)).toMatchObject({
      value: 104,
      by: 'theirs',
    });
  });

  it('merge combines tag sets: additions of both kept, removals of either applied', () => {
    const decision = decideField(
      'merge',
      { base: ['vip', 'late'], mine: ['vip', 'diabetic'], theirs: ['vip', 'late', 'allergy'] },
      tie,
    );
    expect(decision).toEqual({ kind: 'resolved', value: ['allergy', 'diabetic', 'vip'], by: 'merged' });
  });

  it('merge of plain text cannot combine: a conflict', () => {
    expect(decideField('merge', both, theirsLater)).toMatchObject({ kind: 'conflict', suggested: 'c' });
  });

  it('merge of JSON with a colliding key is a conflict carrying the merged suggestion', () => {
    const decision = decideField(
      'merge',
      { base: { a: 1, b: 1 }, mine: { a: 2, b: 1 }, theirs: { a: 3, b: 4 } },
      mineLater,
    );
    expect(decision).toMatchObject({
      kind: 'conflict',
      suggested: { a: 2, b: 4 },
      suggestedBy: 'merged',
      jsonConflicts: [{ path: ['a'] }],
    });
  });
});
