import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openClinicDb, type ClinicDb } from './local-db.ts';
import { mutate } from './write-api.ts';

const patientId = '00000000-0000-4000-8000-000000000001';
let db: ClinicDb;
let mids = 0;
const newMid = (): string => `10000000-0000-4000-8000-${String(++mids).padStart(12, '0')}`;

beforeEach(async () => {
  db = await openClinicDb(`write-api-${crypto.randomUUID()}`);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('mutate', () => {
  it('writes the row and its outbox entry together', async () => {
    const result = await mutate(
      db,
      'patients',
      'insert',
      patientId,
      { full_name: 'João da Silva', phone: '+55 11 98765-4321' },
      { newMid },
    );
    expect(result.ok).toBe(true);
    const row = await db.rows('patients').get(patientId);
    expect(row).toMatchObject({
      id: patientId,
      rev: 0,
      full_name: 'João da Silva',
      phone: '+55 11 98765-4321',
    });
    const entries = await db.outbox.toArray();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ op: 'insert', rowId: patientId, state: 'pending', baseRev: null });
  });

  it('folds successive unsent edits of one row into one entry', async () => {
    await mutate(db, 'patients', 'insert', patientId, { full_name: 'Ana' }, { newMid });
    await mutate(db, 'patients', 'update', patientId, { phone: '+5511999990000' }, { newMid });
    await mutate(db, 'patients', 'update', patientId, { full_name: 'Ana Souza' }, { newMid });
    const entries = await db.outbox.toArray();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      op: 'insert',
      data: { full_name: 'Ana Souza', phone: '+5511999990000' },
    });
  });

  it('queues an edit behind an entry that may have reached the server', async () => {
    await mutate(db, 'patients', 'insert', patientId, { full_name: 'Ana' }, { newMid });
    await db.outbox.toCollection().modify({ state: 'sending', attempts: 1 });
    await mutate(db, 'patients', 'update', patientId, { full_name: 'Ana Souza' }, { newMid });
    const entries = await db.outbox.orderBy('seq').toArray();
    expect(entries.map((entry) => [entry.op, entry.state])).toEqual([
      ['insert', 'sending'],
      ['update', 'pending'],
    ]);
    expect(entries[1]?.base).toEqual({ full_name: 'Ana' });
  });

  it('an unsent insert deleted again leaves nothing to send and no row', async () => {
    await mutate(db, 'patients', 'insert', patientId, { full_name: 'Ana' }, { newMid });
    const result = await mutate(db, 'patients', 'delete', patientId, {}, { newMid });
    expect(result).toEqual({ ok: true, mid: null, row: undefined });
    expect(await db.outbox.count()).toBe(0);
    expect(await db.rows('patients').get(patientId)).toBeUndefined();
  });

  it('keeps the first base of a column across folded updates', async () => {
    await db.rows('patients').put({ id: patientId, rev: 7, deleted_at: null, full_name: 'Ana', phone: '1' });
    await mutate(db, 'patients', 'update', patientId, { phone: '2' }, { newMid });
    await mutate(db, 'patients', 'update', patientId, { phone: '3' }, { newMid });
    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({ op: 'update', baseRev: 7, data: { phone: '3' }, base: { phone: '1' } });
  });

  describe('rejects bad input and writes nothing', () => {
    const cases: Array<[string, () => Promise<unknown>, string]> = [
      ['unknown table', () => mutate(db, 'nope', 'insert', patientId, { a: 1 }), 'unknown_table'],
      ['read-only table', () => mutate(db, 'record_versions', 'insert', patientId, {}), 'read_only_table'],
      ['bad id', () => mutate(db, 'patients', 'insert', 'not-a-uuid', { full_name: 'A' }), 'invalid_id'],
      [
        'server column',
        () => mutate(db, 'patients', 'insert', patientId, { full_name: 'A', rev: 9 }),
        'server_owned_column',
      ],
      [
        'missing required',
        () => mutate(db, 'patients', 'insert', patientId, { phone: '1' }),
        'missing_required',
      ],
      [
        'unknown column',
        () => mutate(db, 'patients', 'insert', patientId, { full_name: 'A', shoe_size: 42 }),
        'unknown_column',
      ],
      [
        'update of a missing row',
        () => mutate(db, 'patients', 'update', patientId, { phone: '1' }),
        'row_missing',
      ],
      ['undelete of a missing row', () => mutate(db, 'patients', 'undelete', patientId), 'row_missing'],
    ];
    it.each(cases)('%s', async (_name, attempt, code) => {
      const result = await attempt();
      expect(result).toMatchObject({ ok: false, error: { kind: 'invalid_edit', code } });
      expect(await db.outbox.count()).toBe(0);
      expect(await db.rows('patients').count()).toBe(0);
    });

    it('delete of a missing row changes nothing', async () => {
      expect(await mutate(db, 'patients', 'delete', patientId)).toEqual({
        ok: true,
        mid: null,
        row: undefined,
      });
      expect(await db.outbox.count()).toBe(0);
    });

    it('insert of an existing row', async () => {
      await mutate(db, 'patients', 'insert', patientId, { full_name: 'A' });
      const result = await mutate(db, 'patients', 'insert', patientId, { full_name: 'B' });
      expect(result).toMatchObject({ ok: false, error: { code: 'row_exists' } });
      expect((await db.rows('patients').get(patientId))?.['full_name']).toBe('A');
      expect(await db.outbox.count()).toBe(1);
    });

    it('update of a deleted row; undelete of a live row and a second delete change nothing', async () => {
      await db.rows('patients').put({ id: patientId, rev: 3, deleted_at: null, full_name: 'A' });
      expect(await mutate(db, 'patients', 'delete', patientId, { full_name: 'B' })).toMatchObject({
        error: { code: 'unexpected_data' },
      });
      expect(await mutate(db, 'patients', 'undelete', patientId)).toMatchObject({ ok: true, mid: null });
      await mutate(db, 'patients', 'delete', patientId);
      expect(await mutate(db, 'patients', 'delete', patientId)).toMatchObject({ ok: true, mid: null });
      expect(await mutate(db, 'patients', 'update', patientId, { full_name: 'B' })).toMatchObject({
        error: { code: 'row_deleted' },
      });
      expect(await db.outbox.count()).toBe(1);
    });
  });
});
