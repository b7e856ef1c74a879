import { describe, expect, it } from 'vitest';
import {
  checkPatientForm,
  emptyPatientForm,
  formFromRow,
  patientChange,
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
        document_id: '52998224725',
        birth_date: '1984-03-09',
        sex: 'female',
        phone: '+5511912345678',
        phone_normalized: '+5511912345678',
        email: 'maria@example.com',
        insurance_name: null,
        insurance_plan: null,
        insurance_card_number: null,
        sus_card_number: null,
        notes: null,
      },
    });
  });

  it('reads a date typed day first, and card numbers by their digits', () => {
    const result = checkPatientForm(
      {
        ...valid,
        birth_date: '09/03/1984',
        insurance_name: ' Unimed  Paulistana ',
        insurance_plan: 'Enfermaria',
        insurance_card_number: '0 0123.4567-89',
        sus_card_number: '898 0010 8100 0009',
      },
      context,
    );
    expect(result.ok && result.columns).toMatchObject({
      birth_date: '1984-03-09',
      insurance_name: 'Unimed Paulistana',
      insurance_plan: 'Enfermaria',
      insurance_card_number: '00123456789',
      sus_card_number: '898001081000009',
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
    expect(problems({ birth_date: '30/02/1984' })).toEqual({ birth_date: 'dateInvalid' });
    expect(problems({ birth_date: '09/03/84' })).toEqual({ birth_date: 'dateInvalid' });
    expect(problems({ sus_card_number: '898 0010 8100 0008' })).toEqual({ sus_card_number: 'susInvalid' });
    expect(problems({ sus_card_number: '898 0010' })).toEqual({ sus_card_number: 'susInvalid' });
    expect(problems({ insurance_card_number: 'AB-12' })).toEqual({ insurance_card_number: 'cardInvalid' });
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

describe('patientChange', () => {
  /** A row as older writers stored it: phone formatted, CPF with punctuation, text with spaces. */
  const storedRow = {
    id: 'p1',
    full_name: 'Maria Aparecida da Silva',
    document_type: 'CPF',
    document_id: '529.982.247-25',
    birth_date: '1984-03-09',
    sex: 'female',
    phone: '+55 11 94592-4944',
    phone_normalized: '+5511945924944',
    email: 'maria@example.com ',
    notes: 'Retorno em março. ',
  };

  it('is empty for an untouched form, whatever spelling the row has', () => {
    for (const row of [storedRow, { ...storedRow, document_id: '52998224725', phone: '+5511945924944' }]) {
      const opened = formFromRow(row);
      expect(patientChange(opened, opened, context)).toEqual({});
      expect(patientChange(opened, { ...opened }, { ...context, defaultCountry: 'HN' })).toEqual({});
    }
  });

  it('a notes-only edit carries the notes and never the phone', () => {
    const opened = formFromRow(storedRow);
    expect(patientChange(opened, { ...opened, notes: 'Alergia a dipirona.' }, context)).toEqual({
      notes: 'Alergia a dipirona.',
    });
  });

  it('the same number typed another way is no change; a new number changes both phone columns', () => {
    const opened = formFromRow(storedRow);
    expect(patientChange(opened, { ...opened, phone: '(11) 94592-4944' }, context)).toEqual({});
    expect(patientChange(opened, { ...opened, phone: '(11) 97777-8888' }, context)).toEqual({
      phone: '+5511977778888',
      phone_normalized: '+5511977778888',
    });
  });

  it('a CPF retyped with other punctuation is no change; the stored form is its digits', () => {
    const opened = formFromRow(storedRow);
    expect(opened.document_id).toBe('529.982.247-25');
    expect(patientChange(opened, { ...opened, document_id: '52998224725' }, context)).toEqual({});
    expect(
      patientChange(formFromRow({ ...storedRow, document_type: null, document_id: null }), opened, context),
    ).toMatchObject({ document_type: 'CPF', document_id: '52998224725' });
  });

  it('shows stored values formatted for reading', () => {
    const opened = formFromRow({ ...storedRow, document_id: '52998224725', phone: '+5511945924944' });
    expect(opened.document_id).toBe('529.982.247-25');
    expect(opened.phone).toBe('+55 11 94592 4944');
  });
});
