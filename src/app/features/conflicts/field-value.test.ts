import { describe, expect, it } from 'vitest';
import { parseFieldValue, sameValue, showFieldValue } from './field-value.ts';

describe('conflict field values', () => {
  it('round-trips text, numbers, booleans, null and JSON', () => {
    for (const value of ['Ana', 42, 1.5, true, { anamnesis: 'dor' }, ['a', 'b']]) {
      const parsed = parseFieldValue(showFieldValue(value), value);
      expect(parsed).toEqual({ ok: true, value });
    }
    expect(parseFieldValue('', 'x')).toEqual({ ok: true, value: null });
  });
  it('names text that is not the kind the column holds', () => {
    expect(parseFieldValue('abc', 3)).toEqual({ ok: false, code: 'numberInvalid' });
    expect(parseFieldValue('{bad', { a: 1 })).toEqual({ ok: false, code: 'jsonInvalid' });
  });
  it('compares values structurally, null and undefined alike', () => {
    expect(sameValue({ a: 1 }, { a: 1 })).toBe(true);
    expect(sameValue(null, undefined)).toBe(true);
    expect(sameValue('a', 'b')).toBe(false);
  });
});
