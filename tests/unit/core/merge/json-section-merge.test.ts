import { describe, expect, it } from 'vitest';
import { mergeJsonSections } from '../../../../src/core/merge/json-section-merge.ts';

const base = { anamnesis: { complaint: 'headache', history: 'none' }, diagnosis: 'R51', plan: 'rest' };

describe('mergeJsonSections', () => {
  it('combines sections changed on different sides', () => {
    const mine = { ...base, plan: 'rest, fluids' };
    const theirs = { ...base, diagnosis: 'G43' };
    expect(mergeJsonSections(base, mine, theirs)).toEqual({
      merged: { ...base, plan: 'rest, fluids', diagnosis: 'G43' },
      conflicts: [],
    });
  });

  it('merges inside a section when both sides changed different keys of it', () => {
    const mine = { ...base, anamnesis: { ...base.anamnesis, complaint: 'migraine' } };
    const theirs = { ...base, anamnesis: { ...base.anamnesis, history: 'asthma' } };
    expect(mergeJsonSections(base, mine, theirs).merged).toEqual({
      ...base,
      anamnesis: { complaint: 'migraine', history: 'asthma' },
    });
  });

  it('reports a key both sides changed differently, with its path and three values', () => {
    const result = mergeJsonSections(base, { ...base, plan: 'A' }, { ...base, plan: 'B' }, 'mine');
    expect(result.conflicts).toEqual([{ path: ['plan'], base: 'rest', mine: 'A', theirs: 'B' }]);
    expect(result.merged).toMatchObject({ plan: 'A' });
    expect(mergeJsonSections(base, { ...base, plan: 'A' }, { ...base, plan: 'B' }).merged).toMatchObject({
      plan: 'B',
    });
  });

  it('keeps a section removed on one side and untouched on the other removed', () => {
    const { plan: _plan, ...withoutPlan } = base;
    expect(mergeJsonSections(base, withoutPlan, { ...base, diagnosis: 'G43' }).merged).toEqual({
      ...withoutPlan,
      diagnosis: 'G43',
    });
  });

  it('adds sections added on both sides (empty base)', () => {
    expect(mergeJsonSections(null, { a: 1 }, { b: 2 }).merged).toEqual({ a: 1, b: 2 });
  });

  it('treats a changed section type as a conflict, not a merge', () => {
    const result = mergeJsonSections(
      base,
      { ...base, plan: { steps: ['rest'] } },
      { ...base, plan: 'sleep' },
    );
    expect(result.conflicts.map((c) => c.path)).toEqual([['plan']]);
  });
});
