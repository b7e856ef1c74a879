import { describe, expect, it } from 'vitest';
import { buildPatientSearchIndex } from './patient-search.ts';

const patients = [
  { id: '1', full_name: 'João da Silva', document_id: '123.456.789-09', phone: '+5511912345678' },
  { id: '2', full_name: 'Maria Aparecida Conceição', document_id: '529.982.247-25', phone: '+5521998765432' },
  { id: '3', full_name: 'José Ángel López', document_id: '0801-1990-12345', phone: '+50498765432' },
  { id: '4', full_name: 'Ana Silveira', document_id: null, phone: null, sus_card_number: '898001081000009' },
];
const index = buildPatientSearchIndex(patients);
const ids = (query: string) => index.search(query).map((p) => p.id);

describe('patient search', () => {
  it('ignores accents and case in names, matching word starts', () => {
    expect(ids('joao')).toEqual(['1']);
    expect(ids('CONCEICAO')).toEqual(['2']);
    expect(ids('angel lop')).toEqual(['3']);
    expect(ids('silv')).toEqual(['4', '1']);
    expect(ids('ilva')).toEqual([]);
  });
  it('finds documents and phones by their digits, with or without punctuation', () => {
    expect(ids('123.456.789-09')).toEqual(['1']);
    expect(ids('52998')).toEqual(['2']);
    expect(ids('0801-1990')).toEqual(['3']);
    expect(ids('9876-5432')).toEqual(['3', '2']); // both phones hold these digits
    expect(ids('504 9876')).toEqual(['3']);
    expect(ids('(21) 99876')).toEqual(['2']);
    expect(ids('898 0010 8100')).toEqual(['4']); // the Cartão SUS as the card prints it
  });
  it('requires every word to match', () => {
    expect(ids('silva 5511')).toEqual(['1']);
    expect(ids('silva 5521')).toEqual([]);
  });
  it('lists everyone by name for an empty query, up to the limit', () => {
    expect(ids('  ')).toEqual(['4', '1', '3', '2']);
    expect(index.search('', 2).map((p) => p.id)).toEqual(['4', '1']);
  });
});

describe('patient search while typing', () => {
  it('gives the same results keystroke by keystroke as a fresh search, across letters, digits and back', () => {
    const typedIndex = buildPatientSearchIndex(patients);
    const sequences = ['joao da silva', '123.456.789-09', '(21) 99876', 'silva 5511', '11 9a', 'ana'];
    for (const text of sequences) {
      for (let i = 1; i <= text.length; i++) {
        const query = text.slice(0, i);
        const fresh = buildPatientSearchIndex(patients)
          .search(query)
          .map((p) => p.id);
        expect(
          typedIndex.search(query).map((p) => p.id),
          query,
        ).toEqual(fresh);
      }
      // Deleting characters (a shorter query) must widen again.
      expect(typedIndex.search(text.slice(0, 1)).map((p) => p.id)).toEqual(
        buildPatientSearchIndex(patients)
          .search(text.slice(0, 1))
          .map((p) => p.id),
      );
    }
  });
});
