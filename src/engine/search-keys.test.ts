import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openClinicDb } from './local-db.ts';
import { syncedStoreIndexes } from './local-db-stores.ts';
import { searchKeyColumns, searchSources, withSearchKeys } from './search-keys.ts';
import { mutate } from './write-api.ts';

describe('search keys', () => {
  it('exist exactly where a store indexes them', () => {
    const keyed = (table: string): string[] => Object.keys(searchSources[table] ?? {}).sort();
    for (const [table, indexes] of Object.entries(syncedStoreIndexes)) {
      const indexedKeys = indexes.filter((index) => (searchKeyColumns as readonly string[]).includes(index));
      expect(keyed(table), table).toEqual([...indexedKeys].sort());
    }
  });

  it('fold accents, case and spaces out of names, and keep only a phone’s digits', () => {
    const lead = withSearchKeys('crm_leads', {
      id: '00000000-0000-4000-8000-000000000001',
      full_name: '  Conceição   ARAÚJO ',
      phone: '+55 (11) 98765-4321',
    });
    expect(lead).toMatchObject({ _name_key: 'conceicao araujo', _phone_key: '5511987654321' });
  });

  it('leave rows of stores without a key index as they are (patients)', () => {
    const patient = { id: '00000000-0000-4000-8000-000000000001', full_name: 'Ana Souza', phone: '+5511' };
    expect(withSearchKeys('patients', patient)).toBe(patient);
  });

  it('are recomputed by a local write, and dropped when their source is emptied', async () => {
    const db = await openClinicDb(`search-keys-${crypto.randomUUID()}`);
    const id = '00000000-0000-4000-8000-000000000002';
    const stored = () => db.rows('crm_leads').get(id);
    const lead = {
      pipeline_id: '00000000-0000-4000-8000-0000000000a1',
      stage_id: '00000000-0000-4000-8000-0000000000b1',
      full_name: 'Bruno Lima',
      phone: '11 5555-0000',
    };
    expect(await mutate(db, 'crm_leads', 'insert', id, lead)).toMatchObject({ ok: true });
    expect(await stored()).toMatchObject({ _name_key: 'bruno lima', _phone_key: '1155550000' });
    await mutate(db, 'crm_leads', 'update', id, { full_name: 'Bruno Lima Júnior', phone: '' });
    const after = await stored();
    expect(after?.['_name_key']).toBe('bruno lima junior');
    expect(after).not.toHaveProperty('_phone_key');
    db.close();
    await db.delete();
  });
});
