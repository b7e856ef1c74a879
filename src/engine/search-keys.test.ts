import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { identityKeys } from '../core/dedup/duplicate-groups.ts';
import { openClinicDb } from './local-db.ts';
import { documentKey, withSearchKeys } from './search-keys.ts';
import { mutate } from './write-api.ts';

const patient = (columns: Record<string, unknown>) => ({
  id: '00000000-0000-4000-8000-000000000001',
  rev: 1,
  full_name: 'Ana Souza',
  ...columns,
});

describe('patient document search key', () => {
  it('comes from the catalogue column document_id, by document_type', () => {
    const keyOf = (columns: Record<string, unknown>) =>
      (withSearchKeys('patients', patient(columns)) as Record<string, unknown>)['_document_key'];
    expect(keyOf({ document_type: 'CPF', document_id: '529.982.247-25' })).toBe('52998224725');
    expect(keyOf({ document_type: 'RG', document_id: 'mg-12.345.678' })).toBe('MG12345678');
    expect(keyOf({ document_type: 'DNI', document_id: '0801-1990-12345' })).toBe('0801199012345');
    expect(keyOf({ document_type: 'passport', document_id: 'fx 123 456' })).toBe('FX123456');
    expect(keyOf({ document_type: null, document_id: ' 529 982 247 25 ' })).toBe('52998224725');
    // Columns the catalogue does not have never feed the key.
    expect(keyOf({ document_number: '529.982.247-25', cpf: '52998224725', document: 'x' })).toBeUndefined();
    expect(keyOf({ document_type: 'CPF', document_id: '' })).toBeUndefined();
  });

  it('is the same value duplicate detection uses for CPF, RG and DNI', () => {
    const rows = [
      { document_type: 'CPF', document_id: '529.982.247-25' },
      { document_type: 'cpf', document_id: '529 982 247 25' },
      { document_type: 'RG', document_id: 'SP 12.345.678-X' },
      { document_type: 'DNI', document_id: '0801 1990 12345' },
      { document_type: null, document_id: '52998224725' },
    ];
    for (const row of rows) {
      const [identity] = identityKeys(row, { keys: ['cpf', 'rg', 'dni'] });
      expect(identity, JSON.stringify(row)).toBeDefined();
      expect(documentKey(row.document_id, row.document_type), JSON.stringify(row)).toBe(identity?.value);
    }
  });

  it('keeps a document that does not normalise findable as typed', () => {
    expect(documentKey('123.456.789-00', 'CPF')).toBe('12345678900'); // check digits wrong
    expect(documentKey('0801-1990-1234', 'DNI')).toBe('080119901234'); // 12 digits
    expect(documentKey('ab-12', 'other')).toBe('AB12');
  });

  it('is recomputed by a local write that changes the document or its type', async () => {
    const db = await openClinicDb(`search-keys-${crypto.randomUUID()}`);
    const created = await mutate(db, 'patients', 'insert', '00000000-0000-4000-8000-000000000002', {
      full_name: 'Bruno Lima',
      document_type: 'CPF',
      document_id: '529.982.247-25',
    });
    expect(created.ok).toBe(true);
    const stored = () => db.rows('patients').get('00000000-0000-4000-8000-000000000002');
    expect((await stored())?.['_document_key']).toBe('52998224725');
    await mutate(db, 'patients', 'update', '00000000-0000-4000-8000-000000000002', {
      document_type: 'RG',
      document_id: 'rj 20.345.678-9',
    });
    expect((await stored())?.['_document_key']).toBe('RJ203456789');
    db.close();
    await db.delete();
  });
});
