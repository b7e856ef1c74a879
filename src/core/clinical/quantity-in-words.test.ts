import { describe, expect, it } from 'vitest';
import { quantityInWords } from './quantity-in-words.ts';

describe('quantities in words', () => {
  it('writes Portuguese, agreeing with a feminine unit', () => {
    expect(quantityInWords(1, 'pt-BR', true)).toBe('uma');
    expect(quantityInWords(2, 'pt-BR', true)).toBe('duas');
    expect(quantityInWords(2, 'pt-BR')).toBe('dois');
    expect(quantityInWords(21, 'pt-BR')).toBe('vinte e um');
    expect(quantityInWords(100, 'pt-BR')).toBe('cem');
    expect(quantityInWords(101, 'pt-BR')).toBe('cento e um');
    expect(quantityInWords(232, 'pt-BR', true)).toBe('duzentas e trinta e duas');
    expect(quantityInWords(1100, 'pt-BR')).toBe('mil e cem');
    expect(quantityInWords(1230, 'pt-BR')).toBe('mil duzentos e trinta');
  });
  it('writes Spanish and English', () => {
    expect(quantityInWords(1, 'es', true)).toBe('una');
    expect(quantityInWords(21, 'es')).toBe('veintiuno');
    expect(quantityInWords(45, 'es')).toBe('cuarenta y cinco');
    expect(quantityInWords(200, 'es', true)).toBe('doscientas');
    expect(quantityInWords(30, 'en')).toBe('thirty');
    expect(quantityInWords(142, 'en')).toBe('one hundred and forty-two');
  });
  it('gives up on fractions and out-of-range numbers', () => {
    expect(quantityInWords(1.5, 'pt-BR')).toBeNull();
    expect(quantityInWords(-1, 'en')).toBeNull();
    expect(quantityInWords(10000, 'es')).toBeNull();
  });
});
