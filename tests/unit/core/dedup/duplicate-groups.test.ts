import { describe, expect, it } from 'vitest';
import {
  findDuplicateGroups,
  findDuplicatesOf,
  identityKeys,
} from '../../../../src/core/dedup/duplicate-groups.ts';
import { rulesFor } from '../../../../src/core/entity-rules.ts';

const options = { keys: rulesFor('patients').dedupKeys };
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const patients = [
  {
    id: id(1),
    full_name: 'Ana Souza',
    document_type: 'CPF',
    document_id: '529.982.247-25',
    birth_date: '1990-02-28',
    deleted_at: null,
  },
  {
    id: id(2),
    full_name: 'ANA SOUZA',
    document_type: 'CPF',
    document_id: '52998224725',
    birth_date: '1990-02-28',
    deleted_at: null,
  },
  { id: id(3), full_name: 'Ána Souza', birth_date: '1990-02-28', phone: '(11) 98765-4321', deleted_at: null },
  { id: id(4), full_name: 'Carlos Mejía', phone_normalized: '+50498765432', deleted_at: null },
  { id: id(5), full_name: 'Carla Mejia', phone: '9876-5432', deleted_at: null },
  { id: id(6), full_name: 'Other', phone: '9876-5432', deleted_at: '2026-11-01T00:00:00Z' },
  { id: id(7), full_name: 'No Dup', document_type: 'DNI', document_id: '0801-1990-12345', deleted_at: null },
  {
    id: id(8),
    full_name: 'Bad Cpf',
    document_type: 'CPF',
    document_id: '111.111.111-11',
    phone: 'n/a',
    deleted_at: null,
  },
  {
    id: id(9),
    full_name: 'Bad Cpf 2',
    document_type: 'CPF',
    document_id: '111.111.111-11',
    deleted_at: null,
  },
];

describe('identityKeys', () => {
  it('normalises each identifying value of a patient', () => {
    expect(identityKeys(patients[2]!, options)).toEqual([
      { key: 'name_birth_date', value: 'ana souza|1990-02-28' },
      { key: 'phone', value: '+5511987654321' },
    ]);
    expect(identityKeys(patients[6]!, options)).toEqual([{ key: 'dni', value: '0801199012345' }]);
  });

  it('knows a person by a Cartão SUS whose check digit holds, however it is spaced', () => {
    const row = { id: id(20), full_name: 'Rui', sus_card_number: '898 0010 8100 0009' };
    expect(identityKeys(row, options)).toEqual([{ key: 'sus_card', value: '898001081000009' }]);
    expect(identityKeys({ ...row, sus_card_number: '898001081000008' }, options)).toEqual([]);
    const groups = findDuplicateGroups(
      [row, { id: id(21), full_name: 'Rui Barbosa', sus_card_number: '898001081000009' }],
      options,
    );
    expect(groups.map((g) => g.reasons.map((r) => r.key))).toEqual([['sus_card']]);
  });

  it('reads an untyped document as a CPF only when it is a valid one', () => {
    expect(identityKeys({ document_id: '529.982.247-25' }, options)).toEqual([
      { key: 'cpf', value: '52998224725' },
    ]);
    expect(identityKeys({ document_id: '12345' }, options)).toEqual([]);
  });
});

describe('findDuplicateGroups', () => {
  const groups = findDuplicateGroups(patients, options);

  it('groups transitively with every shared key as a reason', () => {
    expect(groups).toEqual([
      {
        ids: [id(1), id(2), id(3)],
        reasons: [
          { key: 'cpf', value: '52998224725', ids: [id(1), id(2)] },
          { key: 'name_birth_date', value: 'ana souza|1990-02-28', ids: [id(1), id(2), id(3)] },
        ],
      },
      { ids: [id(4), id(5)], reasons: [{ key: 'phone', value: '+50498765432', ids: [id(4), id(5)] }] },
    ]);
  });

  it('leaves deleted rows and invalid documents out', () => {
    const all = groups.flatMap((group) => group.ids);
    expect(all).not.toContain(id(6));
    expect(all).not.toContain(id(8));
  });

  it('does not depend on the order of the rows', () => {
    expect(findDuplicateGroups([...patients].reverse(), options)).toEqual(groups);
  });
});

describe('findDuplicatesOf', () => {
  it('lists existing patients that look like the one being registered, strongest first', () => {
    const candidate = { full_name: 'ana souza', birth_date: '1990-02-28', document_id: '52998224725' };
    expect(
      findDuplicatesOf(candidate, patients, options).map((match) => [match.id, match.reasons.length]),
    ).toEqual([
      [id(1), 2],
      [id(2), 2],
      [id(3), 1],
    ]);
  });
});
