import { describe, expect, it } from 'vitest';
import { ageOn, formatDocument } from './patient-facts.ts';

describe('patient facts', () => {
  it('counts whole years, turning on the birthday itself', () => {
    expect(ageOn('1980-12-03', new Date(2026, 11, 2))).toBe(45);
    expect(ageOn('1980-12-03', new Date(2026, 11, 3))).toBe(46);
    expect(ageOn('2026-02-29', new Date(2026, 0, 1))).toBeNull();
    expect(ageOn(null, new Date())).toBeNull();
    expect(ageOn('03/12/1980', new Date())).toBeNull();
  });
  it('writes a CPF and a DNI with their punctuation and leaves other documents as they are', () => {
    expect(formatDocument('CPF', '52998224725')).toBe('529.982.247-25');
    expect(formatDocument('DNI', '0801199012345')).toBe('0801-1990-12345');
    expect(formatDocument('RG', '12.345.678-9')).toBe('12.345.678-9');
    expect(formatDocument('CPF', null)).toBe('');
  });
});
