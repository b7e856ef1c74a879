import { describe, expect, it } from 'vitest';
import { formatSusCard, isValidSusCard, susCardDigits } from '../../../../src/core/canonical/sus-card.ts';
import { clinicTable } from '../../../../src/core/schema/clinic-tables.ts';
import { rowViolation } from '../../../../src/core/schema/row-violation.ts';

// Definitive numbers rebuilt from their PIS ("000" and the "001" case) and provisional ones.
const validSusCards = [
  '123456789010000',
  '200000000000003',
  '298765432100018',
  '100000000060018',
  '700000000000005',
  '898001081000009',
];

describe('Cartão SUS numbers', () => {
  it('accepts numbers whose check digit holds', () => {
    for (const card of validSusCards) expect(isValidSusCard(card), card).toBe(true);
  });

  it('refuses a changed digit, a wrong length, a wrong first digit and punctuation', () => {
    expect(isValidSusCard('123456789010001')).toBe(false);
    expect(isValidSusCard('100000000060008')).toBe(false);
    expect(isValidSusCard('700000000000004')).toBe(false);
    expect(isValidSusCard('70000000000005')).toBe(false);
    expect(isValidSusCard('300000000000003')).toBe(false);
    expect(isValidSusCard('700 0000 0000 0005')).toBe(false);
    expect(isValidSusCard('')).toBe(false);
  });

  it('is read by its digits and printed in groups', () => {
    expect(susCardDigits('700 0000 0000 0005')).toBe('700000000000005');
    expect(formatSusCard('700000000000005')).toBe('700 0000 0000 0005');
    expect(formatSusCard('7000')).toBe('7000');
  });

  it('is a rule of the catalogue the device checks before a save', () => {
    const patients = clinicTable('patients');
    const touched = new Set(['sus_card_number']);
    const bad = { id: 'p', full_name: 'Ana', sus_card_number: '700000000000004' };
    expect(rowViolation(patients, bad, touched)).toEqual({
      reason: 'invalid_value',
      column: 'sus_card_number',
    });
    expect(rowViolation(patients, { ...bad, sus_card_number: '700000000000005' }, touched)).toBeNull();
    expect(rowViolation(patients, { ...bad, sus_card_number: null }, touched)).toBeNull();
  });
});
