import { describe, expect, it } from 'vitest';
import { cid10Categories } from './cid10-categories.ts';
import { cid10Pattern, describeCid10, isWellFormedCid10, normaliseCid10, searchCid10 } from './cid10.ts';

describe('CID-10', () => {
  it('ships well-formed, unique codes in code order, each named in three languages', () => {
    const codes = cid10Categories.map((row) => row[0]);
    expect(codes.every((code) => cid10Pattern.test(code))).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual(codes);
    for (const row of cid10Categories) expect(row.slice(1).every((name) => name.trim() !== '')).toBe(true);
  });

  it('normalises what a person types into a code, and refuses what cannot be one', () => {
    expect(normaliseCid10('j069')).toBe('J06.9');
    expect(normaliseCid10(' J06.9 ')).toBe('J06.9');
    expect(normaliseCid10('i10')).toBe('I10');
    expect(normaliseCid10('s72-00')).toBe('S72.00');
    expect(normaliseCid10('J6')).toBeNull();
    expect(normaliseCid10('cefaleia')).toBeNull();
    expect(isWellFormedCid10('J06.9')).toBe(true);
    expect(isWellFormedCid10('j06.9')).toBe(false);
    expect(isWellFormedCid10('J06,9')).toBe(false);
  });

  it('finds by code prefix, exact code first', () => {
    expect(searchCid10('J06.9', 'pt-BR')[0]?.code).toBe('J06.9');
    const j0 = searchCid10('j0', 'pt-BR').map((e) => e.code);
    expect(j0).toEqual(['J00', 'J01.9', 'J02.9', 'J03.9', 'J06.9']);
  });

  it('finds by words of the name in the person’s language, accents ignored', () => {
    expect(searchCid10('cefal tens', 'pt-BR')).toEqual([
      { code: 'G44.2', description: 'Cefaléia tensional' },
    ]);
    expect(searchCid10('hipertension', 'es')[0]).toEqual({
      code: 'I10',
      description: 'Hipertensión esencial (primaria)',
    });
    expect(searchCid10('low back', 'en').map((e) => e.code)).toEqual(['M54.5']);
    expect(searchCid10('', 'pt-BR')).toEqual([]);
    expect(describeCid10('R51', 'es')).toBe('Cefalea');
    expect(describeCid10('Q99.9', 'es')).toBeUndefined();
  });
});
