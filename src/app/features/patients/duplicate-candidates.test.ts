import { describe, expect, it } from 'vitest';
import { findDuplicateCandidates } from './duplicate-candidates.ts';

const patients = [
  { id: 'a', full_name: 'João da Silva', document_id: '123.456.789-09', birth_date: '1980-01-02', phone: '+5511912345678', deleted_at: null },
  { id: 'b', full_name: 'Maria Souza', document_id: null, birth_date: '1990-05-06', phone: '+5521998765432', deleted_at: null },
  { id: 'c', full_name: 'Pedro Alves', document_id: '529.982.247-25', birth_date: null, phone: null, deleted_at: '2026-11-01T00:00:00Z' },
];
const probe = { full_name: '', document_id: '', birth_date: '', phone: '' };

describe('findDuplicateCandidates', () => {
  it('finds the same document whatever its punctuation', () => {
    expect(findDuplicateCandidates({ ...probe, document_id: '12345678909' }, patients, null)).toEqual([{ patient: patients[0], reason: 'document' }]);
  });
  it('finds the same name (accents and case aside) with the same birth date', () => {
    const found = findDuplicateCandidates({ ...probe, full_name: 'joao  DA silva', birth_date: '1980-01-02' }, patients, null);
    expect(found.map((c) => [c.patient.id, c.reason])).toEqual([['a', 'nameBirth']]);
    expect(findDuplicateCandidates({ ...probe, full_name: 'joao da silva', birth_date: '1980-01-03' }, patients, null)).toEqual([]);
  });
  it('finds the same phone line with or without country and area code', () => {
    expect(findDuplicateCandidates({ ...probe, phone: '9876-5432' }, patients, null).map((c) => c.patient.id)).toEqual(['b']);
  });
  it('ignores the patient being edited and deleted patients', () => {
    expect(findDuplicateCandidates({ ...probe, document_id: '123.456.789-09' }, patients, 'a')).toEqual([]);
    expect(findDuplicateCandidates({ ...probe, document_id: '529.982.247-25' }, patients, null)).toEqual([]);
  });
});
