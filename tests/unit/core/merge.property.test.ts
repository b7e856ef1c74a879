import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rulesFor } from '../../../src/core/entity-rules.ts';
import { decideField } from '../../../src/core/merge/field-merge.ts';
import { jsonEqual } from '../../../src/core/merge/json-equal.ts';
import { mergeJsonSections } from '../../../src/core/merge/json-section-merge.ts';
import { mergeRow } from '../../../src/core/merge/three-way-merge.ts';
import { rebaseRow } from '../../../src/core/rebase.ts';

const RUNS = Number(process.env['FC_RUNS'] ?? 500);

/** A record: up to four sections, each a string, a small object of strings, or absent. */
const sectionValue = fc.oneof(
  fc.constantFrom('a', 'b', 'c'),
  fc.dictionary(fc.constantFrom('x', 'y', 'z'), fc.constantFrom('1', '2'), { maxKeys: 3 }),
);
const record = fc.dictionary(fc.constantFrom('anamnesis', 'diagnosis', 'plan', 'notes'), sectionValue, {
  maxKeys: 4,
});

/** A document derived from `base` by changing some sections: how edits really look. */
function edited(base: Record<string, unknown>) {
  return fc
    .dictionary(fc.constantFrom('anamnesis', 'diagnosis', 'plan', 'notes'), fc.option(sectionValue), {
      maxKeys: 2,
    })
    .map((changes) => {
      const next: Record<string, unknown> = { ...base };
      for (const [key, value] of Object.entries(changes)) {
        if (value === null) delete next[key];
        else next[key] = value;
      }
      return next;
    });
}

const threeVersions = record.chain((base) => fc.tuple(fc.constant(base), edited(base), edited(base)));

describe('JSON-section merge properties', () => {
  it('is the same whichever side is "mine" when nothing collides, and collides on the same paths', () => {
    fc.assert(
      fc.property(threeVersions, ([base, mine, theirs]) => {
        const ab = mergeJsonSections(base, mine, theirs, 'mine');
        const ba = mergeJsonSections(base, theirs, mine, 'theirs');
        expect(jsonEqual(ab.merged, ba.merged)).toBe(true);
        expect(ab.conflicts.map((c) => c.path.join('.'))).toEqual(ba.conflicts.map((c) => c.path.join('.')));
      }),
      { numRuns: RUNS },
    );
  });

  it('loses no change: a section changed on one side only carries that change', () => {
    fc.assert(
      fc.property(threeVersions, ([base, mine, theirs]) => {
        const { merged, conflicts } = mergeJsonSections(base, mine, theirs);
        const result = merged as Record<string, unknown>;
        for (const key of new Set([...Object.keys(base), ...Object.keys(mine), ...Object.keys(theirs)])) {
          if (conflicts.some((c) => c.path[0] === key)) continue;
          if (!jsonEqual(mine[key], base[key]) && jsonEqual(theirs[key], base[key]))
            expect(result[key]).toEqual(mine[key]);
          if (!jsonEqual(theirs[key], base[key]) && jsonEqual(mine[key], base[key]))
            expect(result[key]).toEqual(theirs[key]);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('returns the other side when one side did not change, and is idempotent', () => {
    fc.assert(
      fc.property(threeVersions, ([base, mine, theirs]) => {
        expect(mergeJsonSections(base, base, theirs).merged).toEqual(theirs);
        expect(mergeJsonSections(base, mine, base).merged).toEqual(mine);
        expect(mergeJsonSections(base, mine, mine).merged).toEqual(mine);
        const once = mergeJsonSections(base, mine, theirs).merged;
        expect(jsonEqual(mergeJsonSections(base, mine, once).merged, once)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('set and count merge properties', () => {
  const tags = fc.uniqueArray(fc.constantFrom('vip', 'late', 'diabetic', 'allergy', 'minor'), {
    maxLength: 5,
  });
  const tie = { mineAt: 1, theirsAt: 1 };

  it('keeps what either side added, drops what either side removed, whichever side merges', () => {
    fc.assert(
      fc.property(tags, tags, tags, (base, mine, theirs) => {
        const decision = decideField('merge', { base, mine, theirs }, tie);
        const swapped = decideField('merge', { base, mine: theirs, theirs: mine }, tie);
        if (decision.kind !== 'resolved' || swapped.kind !== 'resolved') throw new Error('sets always merge');
        const result = new Set(decision.value as string[]);
        expect(new Set(swapped.value as string[])).toEqual(result);
        for (const side of [mine, theirs]) {
          for (const tag of side) if (!base.includes(tag)) expect(result.has(tag)).toBe(true);
          for (const tag of base) if (!side.includes(tag)) expect(result.has(tag)).toBe(false);
        }
        for (const tag of base)
          if (mine.includes(tag) && theirs.includes(tag)) expect(result.has(tag)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('adds both deltas of a count, in either order', () => {
    const count = fc.integer({ min: -1000, max: 1000 });
    fc.assert(
      fc.property(count, count, count, (base, mine, theirs) => {
        const decision = decideField('merge', { base, mine, theirs }, tie);
        const swapped = decideField('merge', { base, mine: theirs, theirs: mine }, tie);
        expect(decision).toMatchObject({ kind: 'resolved', value: base + (mine - base) + (theirs - base) });
        expect(swapped).toMatchObject({ value: base + (mine - base) + (theirs - base) });
      }),
      { numRuns: RUNS },
    );
  });
});

describe('row merge properties (patients rules)', () => {
  const value = fc.constantFrom<unknown>('a', 'b', null, ['t1'], ['t1', 't2'], ['t2']);
  const columns = ['full_name', 'email', 'notes', 'tags', 'phone'] as const;
  const row = fc.record(
    Object.fromEntries(columns.map((c) => [c, value])) as Record<
      (typeof columns)[number],
      fc.Arbitrary<unknown>
    >,
  );
  const mineColumns = fc.subarray([...columns], { minLength: 1 });

  it('keeps every server column this client did not touch, and every one-sided change', () => {
    fc.assert(
      fc.property(row, row, row, mineColumns, fc.boolean(), (base, mineRow, theirs, touched, mineLater) => {
        const mine = Object.fromEntries(touched.map((c) => [c, mineRow[c]]));
        const baseOfMine = Object.fromEntries(touched.map((c) => [c, base[c]]));
        const times = mineLater ? { mineAt: 2, theirsAt: 1 } : { mineAt: 1, theirsAt: 2 };
        const merge = mergeRow({ rules: rulesFor('patients'), base: baseOfMine, mine, theirs, times });
        const written = merge.kind === 'merged' ? merge.values : merge.autoMerged;
        const pending = new Set(merge.kind === 'conflict' ? merge.fields.map((f) => f.column) : []);
        const result = { ...theirs, ...written };
        for (const column of columns) {
          if (!touched.includes(column)) expect(result[column]).toEqual(theirs[column]);
          else if (pending.has(column)) continue;
          else if (jsonEqual(theirs[column], base[column]))
            expect(jsonEqual(result[column], mine[column])).toBe(true);
          else if (jsonEqual(mine[column], base[column])) expect(result[column]).toEqual(theirs[column]);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('rebase properties', () => {
  it('is deterministic and a re-delivered server row changes nothing', () => {
    const edits = fc.array(
      fc.record({
        notes: fc.constantFrom('a', 'b'),
        tags: fc.constantFrom(['x'], ['x', 'y'], [] as string[]),
      }),
      { maxLength: 4 },
    );
    fc.assert(
      fc.property(edits, fc.constantFrom(['x'], ['y'], [] as string[]), (changes, serverTags) => {
        const server = { id: 'r', rev: 5, deleted_at: null, notes: 'n', tags: serverTags };
        let view: Record<string, unknown> = { ...server, tags: [] as string[] };
        const entries = changes.map((data, i) => {
          const base = { notes: view['notes'], tags: view['tags'] };
          view = { ...view, ...data };
          return { rowId: 'r', op: 'update' as const, data, base, at: `2026-11-22T10:00:0${i}Z` };
        });
        const first = rebaseRow(server, entries, rulesFor('patients'));
        const again = rebaseRow({ ...server }, entries, rulesFor('patients'));
        expect(again).toEqual(first);
        expect(first?.['rev']).toBe(5);
      }),
      { numRuns: RUNS },
    );
  });
});
