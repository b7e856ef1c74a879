import { describe, expect, it } from 'vitest';
import { rulesFor } from '../../../../src/core/entity-rules.ts';
import type { OutboxEntry } from '../../../../src/core/outbox/outbox-entry.ts';
import { planEnqueue, type EnqueueInput } from '../../../../src/core/outbox/plan-enqueue.ts';
import type { LocalEdit } from '../../../../src/core/outbox/validate-edit.ts';
import { entry, mid, ROW_A } from '../outbox-fixtures.ts';

const NOW = Date.parse('2026-11-22T10:05:00.000Z');
const live = {
  id: ROW_A,
  rev: 10,
  deleted_at: null,
  full_name: 'Ana Souza',
  phone: '+5511988880000',
  tags: ['vip'],
};
const deleted = { ...live, deleted_at: '2026-11-22T09:00:00.000Z' };

function plan(
  edit: LocalEdit,
  view: EnqueueInput['view'],
  rowEntries: OutboxEntry[] = [],
  extra: Partial<EnqueueInput> = {},
) {
  return planEnqueue({
    table: 'patients',
    edit,
    view,
    rowEntries,
    rules: rulesFor('patients'),
    mid: mid(99),
    now: NOW,
    ...extra,
  });
}

const update = (changes: Record<string, unknown>): LocalEdit => ({ op: 'update', rowId: ROW_A, changes });

describe('planEnqueue: a first edit', () => {
  it('appends an update with the changed columns, their visible values as base, and the visible rev', () => {
    const result = plan(update({ phone: '+5511999990000', full_name: 'Ana Souza' }), live);
    expect(result.kind).toBe('append');
    if (result.kind !== 'append') return;
    expect(result.entry).toMatchObject({
      mid: mid(99),
      op: 'update',
      data: { phone: '+5511999990000' },
      base: { phone: '+5511988880000' },
      baseRev: 10,
      state: 'pending',
      attempts: 0,
      at: '2026-11-22T10:05:00.000Z',
    });
    expect(result.view).toEqual({ ...live, phone: '+5511999990000' });
  });

  it('appends an insert carrying the whole row and its id, without base or base_rev', () => {
    const result = plan({ op: 'insert', rowId: ROW_A, changes: { full_name: 'Ana' } }, undefined);
    expect(result.kind === 'append' && result.entry).toMatchObject({
      op: 'insert',
      data: { full_name: 'Ana', id: ROW_A },
      base: {},
      baseRev: null,
    });
    expect(result.kind === 'append' && result.view).toEqual({
      id: ROW_A,
      full_name: 'Ana',
      rev: 0,
      deleted_at: null,
    });
  });

  it('shows a delete at once, with the client time until the server confirms', () => {
    const result = plan({ op: 'delete', rowId: ROW_A, changes: {} }, live);
    expect(result.kind === 'append' && result.view?.['deleted_at']).toBe('2026-11-22T10:05:00.000Z');
  });

  it.each([
    ['an update that changes nothing', update({ phone: live.phone }), live],
    ['a delete of a deleted row', { op: 'delete', rowId: ROW_A, changes: {} } as LocalEdit, deleted],
    [
      'a delete of a row that is not here',
      { op: 'delete', rowId: ROW_A, changes: {} } as LocalEdit,
      undefined,
    ],
    ['an undelete of a live row', { op: 'undelete', rowId: ROW_A, changes: {} } as LocalEdit, live],
  ])('does nothing for %s', (_label, edit, view) => {
    expect(plan(edit, view)).toEqual({ kind: 'noop' });
  });
});

describe('planEnqueue: refusals (nothing is written)', () => {
  it.each([
    ['row_exists', { op: 'insert', rowId: ROW_A, changes: { full_name: 'X' } }, live],
    ['row_missing', update({ phone: '1' }), undefined],
    ['row_missing', { op: 'undelete', rowId: ROW_A, changes: {} }, undefined],
    ['row_deleted', update({ phone: '1' }), deleted],
    ['server_owned_column', update({ rev: 99 }), live],
    ['server_owned_column', update({ deleted_at: null }), live],
    ['id_mismatch', update({ id: 'aaaaaaaa-0000-4000-8000-000000000009' }), live],
    ['missing_required', { op: 'insert', rowId: ROW_A, changes: { phone: '1' } }, undefined],
    ['missing_required', { op: 'insert', rowId: ROW_A, changes: { full_name: '   ' } }, undefined],
    ['unexpected_data', { op: 'delete', rowId: ROW_A, changes: { phone: '1' } }, live],
  ] as const)('%s', (code, edit, view) => {
    const result = plan(edit as LocalEdit, view);
    expect(result).toMatchObject({ kind: 'rejected', error: { kind: 'invalid_edit', code } });
  });

  it('unknown_column when the catalogue columns are given', () => {
    const result = plan(update({ shoe_size: 42 }), live, [], { columns: new Set(['id', 'phone']) });
    expect(result).toMatchObject({ kind: 'rejected', error: { code: 'unknown_column' } });
  });

  it('read_only_table for tables only the server writes', () => {
    const result = planEnqueue({
      table: 'record_versions',
      edit: update({ version: {} }),
      view: live,
      rowEntries: [],
      rules: rulesFor('record_versions'),
      mid: mid(1),
      now: NOW,
    });
    expect(result).toMatchObject({ kind: 'rejected', error: { code: 'read_only_table' } });
  });
});

describe('planEnqueue: coalescing with the last unsent entry', () => {
  it('insert + update → one insert with the merged data', () => {
    const insert = entry({
      seq: 1,
      op: 'insert',
      data: { id: ROW_A, full_name: 'Ana' },
      base: {},
      baseRev: null,
    });
    const view = { id: ROW_A, rev: 0, deleted_at: null, full_name: 'Ana' };
    const result = plan(update({ phone: '+5511977770000' }), view, [insert]);
    expect(result.kind).toBe('replace');
    if (result.kind !== 'replace') return;
    expect(result.entry).toMatchObject({ seq: 1, mid: insert.mid, op: 'insert', base: {}, baseRev: null });
    expect(result.entry.data).toEqual({ id: ROW_A, full_name: 'Ana', phone: '+5511977770000' });
  });

  it('update + update → one update keeping the first base and base_rev', () => {
    const first = entry({
      seq: 1,
      data: { phone: '+5511900000001' },
      base: { phone: '+5511988880000' },
      baseRev: 10,
    });
    const view = { ...live, phone: '+5511900000001' };
    const result = plan(update({ phone: '+5511900000002', full_name: 'Ana S.' }), view, [first]);
    expect(result.kind === 'replace' && result.entry).toMatchObject({
      seq: 1,
      mid: first.mid,
      baseRev: 10,
      data: { phone: '+5511900000002', full_name: 'Ana S.' },
      base: { phone: '+5511988880000', full_name: 'Ana Souza' },
      at: '2026-11-22T10:05:00.000Z',
    });
  });

  it('insert + delete → the insert is cancelled and the row disappears', () => {
    const insert = entry({
      seq: 4,
      op: 'insert',
      data: { id: ROW_A, full_name: 'Ana' },
      base: {},
      baseRev: null,
    });
    const view = { id: ROW_A, rev: 0, deleted_at: null, full_name: 'Ana' };
    expect(plan({ op: 'delete', rowId: ROW_A, changes: {} }, view, [insert])).toEqual({
      kind: 'cancel',
      seq: 4,
      view: undefined,
    });
  });

  it('delete + undelete → the delete is cancelled and the row is live again', () => {
    const del = entry({ seq: 2, op: 'delete', data: {}, base: {} });
    const result = plan({ op: 'undelete', rowId: ROW_A, changes: {} }, { ...live, deleted_at: 'x' }, [del]);
    expect(result).toEqual({ kind: 'cancel', seq: 2, view: { ...live, deleted_at: null } });
  });

  it('update + delete → both kept: the edit must still reach the server', () => {
    const first = entry({ seq: 1 });
    expect(plan({ op: 'delete', rowId: ROW_A, changes: {} }, live, [first]).kind).toBe('append');
  });

  it('never folds into an entry that may have reached the server', () => {
    for (const sent of [
      entry({ seq: 1, state: 'sending', attempts: 1 }),
      entry({ seq: 1, attempts: 1 }),
      entry({ seq: 1, state: 'conflict', attempts: 1 }),
    ]) {
      const result = plan(update({ full_name: 'Ana B.' }), live, [sent]);
      expect(result.kind).toBe('append');
    }
  });

  it('folds into the last open entry, not into an earlier or closed one', () => {
    const inFlight = entry({ seq: 1, state: 'sending', attempts: 1 });
    const queued = entry({ seq: 2, data: { full_name: 'B' }, base: { full_name: 'Ana Souza' } });
    const closed = entry({ seq: 3, state: 'done' });
    const result = plan(update({ full_name: 'C' }), { ...live, full_name: 'B' }, [closed, queued, inFlight]);
    expect(result.kind === 'replace' && result.entry.seq).toBe(2);
    expect(result.kind === 'replace' && result.entry.base).toEqual({ full_name: 'Ana Souza' });
  });
});

describe('planEnqueue: correcting a refused change', () => {
  const refused = entry({
    seq: 4,
    state: 'failed',
    attempts: 1,
    data: { full_name: 'Ana S.', phone: '+5511977770000' },
    base: { full_name: 'Ana Souza', phone: '+5511988880000' },
    lastError: { code: 'check_violation', message: 'refused' },
    result: { mid: mid(4), status: 'rejected', code: 'check_violation', message: 'refused', replayed: false },
  });
  const shown = { ...live, full_name: 'Ana S.', phone: '+5511977770000' };

  it('folds the correction into the refused entry and sends it again at once, under the new mid', () => {
    const result = plan(update({ phone: '+5511966660000' }), shown, [refused]);
    expect(result.kind).toBe('replace');
    if (result.kind !== 'replace') return;
    expect(result.entry).toMatchObject({
      seq: 4,
      mid: mid(99),
      state: 'pending',
      attempts: 0,
      lastError: null,
      result: null,
      supersedes: [mid(4)],
      // What the person first typed stays, unless the correction changed it.
      data: { full_name: 'Ana S.', phone: '+5511966660000' },
      base: { full_name: 'Ana Souza', phone: '+5511988880000' },
      baseRev: 10,
    });
  });

  it('a refused insert corrected is one insert again', () => {
    const insert = entry({
      seq: 5,
      op: 'insert',
      state: 'failed',
      attempts: 1,
      data: { id: ROW_A, full_name: 'Ana', phone: 'x' },
      base: {},
      baseRev: null,
    });
    const result = plan(
      update({ phone: '+5511966660000' }),
      { ...live, rev: 0, phone: 'x', full_name: 'Ana' },
      [insert],
    );
    expect(result.kind === 'replace' && result.entry).toMatchObject({
      op: 'insert',
      mid: mid(99),
      state: 'pending',
      data: { id: ROW_A, full_name: 'Ana', phone: '+5511966660000' },
      supersedes: [mid(5)],
    });
  });

  it('a delete after a refused update queues behind it: the refusal stays for a person to decide', () => {
    expect(plan({ op: 'delete', rowId: ROW_A, changes: {} }, shown, [refused]).kind).toBe('append');
  });
});
