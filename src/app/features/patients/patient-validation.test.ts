import { describe, expect, it } from 'vitest';
import {
  changedColumns,
  checkPatientForm,
  emptyPatientForm,
  type PatientForm,
} from './patient-validation.ts';

const context = { today: '2026-11-22', defaultCountry: 'BR' as const };
const valid: PatientForm = {
  ...emptyPatientForm,
  full_name: '  Maria   Aparecida da Silva ',
  document_type: 'CPF',
  document_id: '52998224725',
  birth_date: '1984-03-09',
  sex: 'female',
  phone: '(11) 91234-5678',
  email: 'maria@example.com',
};

function problems(form: Partial<PatientForm>) {
  const result = checkPatientForm({ ...valid, ...form }, context);
  return result.ok ? {} : result.problems;
}

describe('checkPatientForm', () => {
  it('turns a valid form into normalised columns', () => {
    const result = checkPatientForm(valid, context);
    expect(result).toEqual({
      ok: true,
      columns: {
        full_name: 'Maria Aparecida da Silva',
        document_type: 'CPF',
        document_id: '529.982.247-25',
        birth_date: '1984-03-09',
        sex: 'female',
        phone: '+5511912345678',
        phone_normalized: '+5511912345678',
        email: 'maria@example.com',
        notes: null,
      },
    });
  });

  it('rejects each bad field with its own code and keeps the others quiet', () => {
    expect(problems({ full_name: '   ' })).toEqual({ full_name: 'required' });
    expect(problems({ full_name: 'x'.repeat(201) })).toEqual({ full_name: 'tooLong' });
    expect(problems({ document_id: '529.982.247-24' })).toEqual({ document_id: 'cpfDigits' });
    expect(problems({ document_id: '5299822472' })).toEqual({ document_id: 'cpfLength' });
    expect(problems({ document_id: '000.000.000-00' })).toEqual({ document_id: 'cpfRepeated' });
    expect(problems({ document_type: 'DNI', document_id: '0801-1990-1234' })).toEqual({
      document_id: 'dniInvalid',
    });
    expect(problems({ document_type: '' })).toEqual({ document_type: 'required' });
    expect(problems({ document_type: 'SSN' })).toEqual({ document_type: 'notAllowed' });
    expect(problems({ document_id: '' })).toEqual({ document_id: 'required' });
    expect(problems({ birth_date: '1984-02-30' })).toEqual({ birth_date: 'dateInvalid' });
    expect(problems({ birth_date: '09/03/1984' })).toEqual({ birth_date: 'dateInvalid' });
    expect(problems({ birth_date: '2026-11-23' })).toEqual({ birth_date: 'dateFuture' });
    expect(problems({ birth_date: '1899-12-31' })).toEqual({ birth_date: 'dateTooOld' });
    expect(problems({ phone: '12345' })).toEqual({ phone: 'phoneInvalid' });
    expect(problems({ email: 'maria@' })).toEqual({ email: 'emailInvalid' });
    expect(problems({ sex: 'x' })).toEqual({ sex: 'notAllowed' });
    expect(problems({ notes: 'n'.repeat(4001) })).toEqual({ notes: 'tooLong' });
  });

  it('reports every bad field at once', () => {
    expect(Object.keys(problems({ full_name: '', phone: '1', birth_date: 'x' })).sort()).toEqual([
      'birth_date',
      'full_name',
      'phone',
    ]);
  });

  it('accepts a Honduran DNI and a +504 phone', () => {
    const result = checkPatientForm(
      { ...valid, document_type: 'DNI', document_id: '0801-1990-12345', phone: '+504 9876-5432' },
      { today: '2026-11-22', defaultCountry: 'HN' },
    );
    expect(result.ok && result.columns.phone).toBe('+50498765432');
  });
});

describe('changedColumns', () => {
  it('keeps only what differs from the row', () => {
    const result = checkPatientForm(valid, context);
    if (!result.ok) throw new Error('expected valid');
    const row = { ...result.columns, notes: null };
    expect(changedColumns({ ...result.columns, phone: '+5511999990000' }, row)).toEqual({
      phone: '+5511999990000',
    });
  });
});
