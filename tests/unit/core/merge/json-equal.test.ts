import { describe, expect, it } from 'vitest';
import { jsonEqual } from '../../../../src/core/merge/json-equal.ts';

describe('jsonEqual', () => {
  it('compares objects by keys in any order and arrays by position', () => {
    expect(jsonEqual({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 })).toBe(true);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual({ a: undefined }, {})).toBe(true);
    expect(jsonEqual({ a: null }, {})).toBe(false);
    expect(jsonEqual(1, '1')).toBe(false);
  });

  it('sees one instant in the client and PostgreSQL spellings of a timestamp', () => {
    expect(jsonEqual('2026-11-22T10:00:00.000Z', '2026-11-22T10:00:00+00:00')).toBe(true);
    expect(jsonEqual('2026-11-22T07:00:00-03:00', '2026-11-22 10:00:00+00')).toBe(true);
    expect(jsonEqual('2026-11-22T10:00:00Z', '2026-11-22T10:00:01Z')).toBe(false);
  });

  it('does not treat dates or zone-less times as instants', () => {
    expect(jsonEqual('2026-11-22', '2026-11-22T00:00:00Z')).toBe(false);
    expect(jsonEqual('2026-11-22T10:00:00', '2026-11-22T10:00:00Z')).toBe(false);
  });
});
