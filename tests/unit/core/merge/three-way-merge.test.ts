import { describe, expect, it } from 'vitest';
import { rulesFor } from '../../../../src/core/entity-rules.ts';
import { mergeRow } from '../../../../src/core/merge/three-way-merge.ts';

const times = { mineAt: 2, theirsAt: 1 };

describe('mergeRow', () => {
  it('writes only the columns whose merged value differs from the server', () => {
    const result = mergeRow({
      rules: rulesFor('inventory_items'),
      base: { quantity_on_hand: 10, name: 'Gauze' },
      mine: { quantity_on_hand: 8, name: 'Gauze' },
      theirs: { quantity_on_hand: 20, name: 'Gauze 10cm', unit: 'box' },
      times,
    });
    expect(result).toEqual({ kind: 'merged', values: { quantity_on_hand: 18 } });
  });

  it('never merges id or server-owned columns', () => {
    const result = mergeRow({
      rules: rulesFor('patients'),
      base: {},
      mine: { id: 'x', rev: 99, updated_at: 'now' },
      theirs: { id: 'y', rev: 3 },
      times,
    });
    expect(result).toEqual({ kind: 'merged', values: {} });
  });

  it('merges an encounter record section by section and reports only colliding sections', () => {
    const base = { record: { anamnesis: 'a', plan: 'p' } };
    const result = mergeRow({
      rules: rulesFor('encounters'),
      base,
      mine: { record: { anamnesis: 'a2', plan: 'p' } },
      theirs: { record: { anamnesis: 'a', plan: 'p3', diagnosis: 'd' } },
      times,
    });
    expect(result).toEqual({
      kind: 'merged',
      values: { record: { anamnesis: 'a2', plan: 'p3', diagnosis: 'd' } },
    });
  });
});
