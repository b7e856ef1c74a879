import { describe, expect, it } from 'vitest';
import { clinicTable } from '../../../core/schema/clinic-tables.ts';
import { checkForm, editableColumns, formFromRow } from './generated-form.ts';

const services = clinicTable('services').columns;
const valid = {
  category_id: '',
  name: 'Consulta clínica',
  code: 'C01',
  duration_minutes: '30',
  price: '150,50',
  currency: 'BRL',
  active: 'true',
};

describe('generated forms', () => {
  it('leaves out id and the server-owned columns', () => {
    const names = editableColumns(services).map((c) => c.name);
    expect(names).not.toContain('id');
    expect(names).not.toContain('rev');
    expect(names).not.toContain('updated_at');
    expect(names).toContain('price');
  });

  it('turns valid text into typed values', () => {
    expect(checkForm(services, valid, null)).toEqual({
      ok: true,
      values: {
        category_id: null,
        name: 'Consulta clínica',
        code: 'C01',
        duration_minutes: 30,
        price: 150.5,
        currency: 'BRL',
        active: true,
      },
    });
  });

  it('names each bad field', () => {
    const result = checkForm(
      services,
      { ...valid, name: ' ', duration_minutes: '1.5', price: 'abc', currency: 'USD', category_id: 'nope' },
      null,
    );
    expect(result).toEqual({
      ok: false,
      problems: {
        name: 'required',
        duration_minutes: 'integerInvalid',
        price: 'numberInvalid',
        currency: 'notAllowed',
        category_id: 'uuidInvalid',
      },
    });
  });

  it('returns only changed columns for an edit', () => {
    const row = {
      id: 'x',
      category_id: null,
      name: 'Consulta clínica',
      code: 'C01',
      duration_minutes: 30,
      price: 150.5,
      currency: 'BRL',
      active: true,
    };
    const form = formFromRow(services, row);
    expect(checkForm(services, { ...form, price: '180' }, form)).toEqual({
      ok: true,
      values: { price: 180 },
    });
  });

  it('an untouched form of every table saves an empty change', () => {
    const appointment = {
      id: 'a',
      patient_id: '0b8f1f9e-0000-4000-8000-000000000001',
      professional_id: '0b8f1f9e-0000-4000-8000-000000000002',
      branch_id: '0b8f1f9e-0000-4000-8000-000000000003',
      starts_at: '2026-12-07T13:00:17.123456+00:00',
      ends_at: '2026-12-07T13:30:00+00:00',
      status: 'scheduled',
      notes: '  trazer exames ',
    };
    const service = {
      id: 's',
      name: 'Retorno ',
      price: '120.00',
      currency: 'BRL',
      duration_minutes: 20,
      active: true,
    };
    for (const [table, row] of [
      ['appointments', appointment],
      ['services', service],
    ] as const) {
      const columns = clinicTable(table).columns;
      const form = formFromRow(columns, row);
      expect(checkForm(columns, form, form), table).toEqual({ ok: true, values: {} });
      expect(checkForm(columns, { ...form }, formFromRow(columns, row)), table).toEqual({
        ok: true,
        values: {},
      });
    }
  });

  it('reads phones in E.164 and CPF by its digits, as the patient form does', () => {
    const columns = clinicTable('patients').columns;
    const row = {
      id: 'p',
      full_name: 'Helena Duarte',
      document_type: 'CPF',
      document_id: '529.982.247-25',
      phone: '+55 11 94592-4944',
      phone_normalized: '+5511945924944',
    };
    const form = formFromRow(columns, row);
    expect(checkForm(columns, form, form, { phoneRegion: 'BR' }, 'patients')).toEqual({
      ok: true,
      values: {},
    });
    expect(
      checkForm(
        columns,
        { ...form, phone: '(11) 97777-8888', document_id: '52998224725' },
        form,
        { phoneRegion: 'BR' },
        'patients',
      ),
    ).toEqual({ ok: true, values: { phone: '+5511977778888', phone_normalized: '+5511977778888' } });
    expect(
      checkForm(columns, { ...form, phone: '12345' }, form, { phoneRegion: 'BR' }, 'patients'),
    ).toMatchObject({
      ok: false,
      problems: { phone: 'phoneInvalid' },
    });
  });

  it('an edited appointment carries only the edited column', () => {
    const columns = clinicTable('appointments').columns;
    const row = {
      id: 'a',
      patient_id: '0b8f1f9e-0000-4000-8000-000000000001',
      professional_id: '0b8f1f9e-0000-4000-8000-000000000002',
      branch_id: '0b8f1f9e-0000-4000-8000-000000000003',
      starts_at: '2026-12-07T13:00:17+00:00',
      ends_at: '2026-12-07T13:30:00+00:00',
      status: 'scheduled',
      notes: null,
    };
    const form = formFromRow(columns, row);
    expect(checkForm(columns, { ...form, notes: ' trazer exames ' }, form)).toEqual({
      ok: true,
      values: { notes: 'trazer exames' },
    });
  });

  it('reads JSON, lists, dates and timestamps', () => {
    const encounters = clinicTable('encounters').columns;
    const form = {
      ...formFromRow(encounters, null),
      patient_id: '0b8f1f9e-0000-4000-8000-000000000001',
      professional_id: '0b8f1f9e-0000-4000-8000-000000000002',
      started_at: '2026-11-22T09:30',
      record: '{"anamnesis":"dor"}',
    };
    const result = checkForm(encounters, form, null);
    expect(result.ok && result.values['record']).toEqual({ anamnesis: 'dor' });
    expect(result.ok && typeof result.values['started_at']).toBe('string');
    expect(checkForm(encounters, { ...form, record: '{bad' }, null)).toMatchObject({
      ok: false,
      problems: { record: 'jsonInvalid' },
    });
  });
});
