import { describe, expect, it } from 'vitest';
import { quantityInput } from './money-format.ts';

describe('a quantity as people type it', () => {
  it('reads the locale decimal mark, and groups of thousands', () => {
    expect(quantityInput('1,5', 'pt-BR')).toBe('1.5');
    expect(quantityInput('1.250', 'pt-BR')).toBe('1250');
    expect(quantityInput('1.250,75', 'pt-BR')).toBe('1250.75');
    expect(quantityInput('1.5', 'en')).toBe('1.5');
    expect(quantityInput('1,250', 'en')).toBe('1250');
  });

  it('reads the other decimal mark typed once as a decimal, never as a group (1.5 is not 15)', () => {
    expect(quantityInput('1.5', 'pt-BR')).toBe('1.5');
    expect(quantityInput('0.25', 'pt-BR')).toBe('0.25');
    expect(quantityInput('2,5', 'en')).toBe('2.5');
  });
});
