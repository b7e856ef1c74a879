import { describe, expect, it } from 'vitest';
import { rulesFor } from '../../../src/core/entity-rules.ts';
import { rebaseRow } from '../../../src/core/rebase.ts';
import { entry, ROW_A } from './outbox-fixtures.ts';

const patients = rulesFor('patients');
const server = { id: ROW_A, rev: 12, deleted_at: null, full_name: 'Ana', phone: '1', tags: ['vip'] };

describe('rebaseRow', () => {
  it('shows the server row when nothing is pending', () => {
    expect(rebaseRow(server, [], patients)).toEqual(server);
    expect(rebaseRow(server, [entry({ seq: 1, state: 'done' })], patients)).toEqual(server);
  });

  it('replays pending edits in order over a newer server row, keeping the server rev', () => {
    const edits = [
      entry({ seq: 1, data: { phone: '2' }, base: { phone: '1' } }),
      entry({ seq: 2, data: { phone: '3' }, base: { phone: '2' } }),
    ];
    expect(rebaseRow({ ...server, full_name: 'Ana Lima', rev: 15 }, edits, patients)).toEqual({
      ...server,
      full_name: 'Ana Lima',
      phone: '3',
      rev: 15,
    });
  });

  it('keeps showing failed and conflicting edits until a person acts', () => {
    for (const state of ['sending', 'failed', 'conflict'] as const) {
      expect(rebaseRow(server, [entry({ seq: 1, state, data: { phone: '9' } })], patients)?.['phone']).toBe(
        '9',
      );
    }
  });

  it('combines merge-policy columns with what the server changed meanwhile', () => {
    const edit = entry({ seq: 1, data: { tags: ['vip', 'diabetic'] }, base: { tags: ['vip'] } });
    expect(rebaseRow({ ...server, tags: ['vip', 'allergy'] }, [edit], patients)?.['tags']).toEqual([
      'allergy',
      'diabetic',
      'vip',
    ]);
  });

  it('merges a pending record edit into a newer record section by section', () => {
    const edit = entry({
      seq: 1,
      table: 'encounters',
      data: { record: { plan: 'mine', notes: 'n' } },
      base: { record: { plan: 'old', notes: 'n' } },
    });
    const pulled = { id: ROW_A, rev: 20, deleted_at: null, record: { plan: 'old', notes: 'theirs' } };
    expect(rebaseRow(pulled, [edit], rulesFor('encounters'))?.['record']).toEqual({
      plan: 'mine',
      notes: 'theirs',
    });
  });

  it('shows a pending insert (rev 0), delete and undelete', () => {
    const insert = entry({
      seq: 1,
      op: 'insert',
      data: { id: ROW_A, full_name: 'New' },
      base: {},
      baseRev: null,
    });
    expect(rebaseRow(undefined, [insert], patients)).toEqual({
      id: ROW_A,
      rev: 0,
      deleted_at: null,
      full_name: 'New',
    });
    const del = entry({ seq: 2, op: 'delete', data: {}, base: {}, at: '2026-11-22T10:00:00.000Z' });
    expect(rebaseRow(server, [del], patients)?.['deleted_at']).toBe('2026-11-22T10:00:00.000Z');
    const undelete = entry({ seq: 3, op: 'undelete', data: {}, base: {} });
    expect(rebaseRow({ ...server, deleted_at: 'x' }, [undelete], patients)?.['deleted_at']).toBeNull();
  });

  it('shows nothing for an edit of a row it does not have', () => {
    expect(rebaseRow(undefined, [entry({ seq: 1 })], patients)).toBeUndefined();
  });
});
