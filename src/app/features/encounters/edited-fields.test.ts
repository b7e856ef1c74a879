import { describe, expect, it } from 'vitest';
import { rowFieldChanges, sectionChanges, shownValue } from './edited-fields.ts';

const lineFields = { medication: 'text', dosage: 'text', quantity: 'number' } as const;

describe('a prescription line edited in place', () => {
  const stored = { medication: 'Paracetamol 750 mg ', dosage: null, quantity: '14.0' };
  const opened = Object.fromEntries(
    Object.keys(lineFields).map((f) => [f, shownValue(stored[f as keyof typeof stored])]),
  );

  it('saved untouched is an empty change, whatever spelling the row has', () => {
    expect(rowFieldChanges(lineFields, opened, { ...opened })).toEqual({});
  });

  it('carries only the field the person changed', () => {
    expect(rowFieldChanges(lineFields, opened, { ...opened, dosage: ' 1 comprimido ' })).toEqual({
      dosage: '1 comprimido',
    });
    expect(rowFieldChanges(lineFields, opened, { ...opened, quantity: '20' })).toEqual({ quantity: 20 });
  });
});

describe('the record sections of the encounter editor', () => {
  const opened = { anamnesis: 'Cefaleia há 3 dias.\n', physical_exam: '', diagnosis: 'Cefaleia', plan: '' };

  it('saved untouched is an empty change', () => {
    expect(sectionChanges(opened, { ...opened })).toEqual({});
    expect(sectionChanges(opened, { ...opened, anamnesis: 'Cefaleia há 3 dias.' })).toEqual({});
  });

  it('carries only the edited section', () => {
    expect(sectionChanges(opened, { ...opened, plan: 'Retorno em 15 dias. ' })).toEqual({
      plan: 'Retorno em 15 dias.',
    });
  });
});
