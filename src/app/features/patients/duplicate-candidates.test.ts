import { describe, expect, it } from 'vitest';
import { cpfHolders, findDuplicateCandidates } from './duplicate-candidates.ts';

const patients = [
  {
    id: 'a',
    full_name: 'João da Silva',
    document_type: 'CPF',
    document_id: '123.456.789-09',
    birth_date: '1980-01-02',
    phone: '+5511912345678',
    deleted_at: null,
  },
  {
    id: 'b',
    full_name: 'Maria Souza',
    document_type: null,
    document_id: null,
    birth_date: '1990-05-06',
    phone: '+5521998765432',
    deleted_at: null,
  },
  {
    id: 'c',
    full_name: 'Pedro Alves',
    document_type: 'CPF',
    document_id: '529.982.247-25',
    birth_date: null,
    phone: null,
    deleted_at: '2026-11-01T00:00:00Z',
  },
];
const empty = { full_name: '', document_type: '', document_id: '', birth_date: '', phone: '' };
const ids = (found: { patient: { id: string }; reasons: readonly string[] }[]) =>
  found.map((c) => [c.patient.id, c.reasons.join('+')]);

describe('findDuplicateCandidates', () => {
  it('finds the same CPF whatever its punctuation', () => {
    expect(
      ids(
        findDuplicateCandidates(
          { ...empty, document_type: 'CPF', document_id: '12345678909' },
          patients,
          null,
        ),
      ),
    ).toEqual([['a', 'cpf']]);
  });
  it('finds the same name (accents and case aside) with the same birth date', () => {
    expect(
      ids(
        findDuplicateCandidates(
          { ...empty, full_name: 'joao  DA silva', birth_date: '1980-01-02' },
          patients,
          null,
        ),
      ),
    ).toEqual([['a', 'name_birth_date']]);
    expect(
      findDuplicateCandidates(
        { ...empty, full_name: 'joao da silva', birth_date: '1980-01-03' },
        patients,
        null,
      ),
    ).toEqual([]);
  });
  it('finds the same phone typed the local way', () => {
    expect(ids(findDuplicateCandidates({ ...empty, phone: '(21) 99876-5432' }, patients, null))).toEqual([
      ['b', 'phone'],
    ]);
  });
  it('gives nothing for half-typed values, the patient being edited, or deleted patients', () => {
    expect(
      findDuplicateCandidates({ ...empty, document_type: 'CPF', document_id: '123.456' }, patients, null),
    ).toEqual([]);
    expect(
      findDuplicateCandidates(
        { ...empty, document_type: 'CPF', document_id: '123.456.789-09' },
        patients,
        'a',
      ),
    ).toEqual([]);
    expect(
      findDuplicateCandidates(
        { ...empty, document_type: 'CPF', document_id: '529.982.247-25' },
        patients,
        null,
      ),
    ).toEqual([]);
  });
});

describe('cpfHolders', () => {
  it('names the live charts holding the valid CPF typed, never the chart edited or a deleted one', () => {
    const holders = (form: Partial<typeof empty>, self: string | null = null) =>
      cpfHolders({ ...empty, ...form }, patients, self).map((p) => p.id);
    expect(holders({ document_type: 'CPF', document_id: '12345678909' })).toEqual(['a']);
    expect(holders({ document_type: 'CPF', document_id: '12345678909' }, 'a')).toEqual([]);
    // Pedro's chart is in the trash; an invalid CPF holds nobody; same name and birth date is a warning only.
    expect(holders({ document_type: 'CPF', document_id: '52998224725' })).toEqual([]);
    expect(holders({ document_type: 'CPF', document_id: '12345678900' })).toEqual([]);
    expect(holders({ full_name: 'João da Silva', birth_date: '1980-01-02' })).toEqual([]);
  });
});
