import { describe, expect, it } from 'vitest';
import { rulesFor } from '../../../../src/core/entity-rules.ts';
import {
  reconcileConflict,
  resolveConflict,
  type ConflictingEdit,
} from '../../../../src/core/merge/reconcile-conflict.ts';
import { ROW_A, mid } from '../outbox-fixtures.ts';

const EDIT_AT = Date.parse('2026-11-22T10:10:00Z');
const theirs = (values: Record<string, unknown> = {}, deletedAt: string | null = null) => ({
  id: ROW_A,
  rev: 12,
  deleted_at: deletedAt,
  updated_at: '2026-11-22T10:20:00Z',
  full_name: 'Ana Souza',
  phone: '+5511988880000',
  email: null,
  tags: ['vip'],
  ...values,
});

function edit(overrides: Partial<ConflictingEdit>): ConflictingEdit {
  return {
    mid: mid(1),
    table: 'patients',
    rowId: ROW_A,
    op: 'update',
    data: {},
    base: {},
    baseRev: 10,
    ...overrides,
  };
}

const patients = rulesFor('patients');

describe('reconcileConflict by operation', () => {
  it('delete: settled if already deleted, else deleted again on the new rev', () => {
    const del = edit({ op: 'delete' });
    expect(reconcileConflict(del, theirs({}, '2026-11-22T10:00:00Z'), patients, EDIT_AT)).toEqual({
      kind: 'settled',
    });
    expect(reconcileConflict(del, theirs({ phone: 'x' }), patients, EDIT_AT)).toEqual({
      kind: 'resend',
      mutation: { op: 'delete', data: {}, base: {}, baseRev: 12 },
      followUp: null,
    });
  });

  it('undelete: settled if live, else undeleted again on the new rev', () => {
    const undelete = edit({ op: 'undelete' });
    expect(reconcileConflict(undelete, theirs(), patients, EDIT_AT)).toEqual({ kind: 'settled' });
    expect(reconcileConflict(undelete, theirs({}, '2026-11-22T10:15:00Z'), patients, EDIT_AT)).toMatchObject({
      kind: 'resend',
      mutation: { op: 'undelete', baseRev: 12 },
    });
  });

  it('update of a deleted row: a conflict for a person, recommending to respect the deletion', () => {
    const outcome = reconcileConflict(
      edit({ data: { phone: '1' }, base: { phone: '0' } }),
      theirs({}, '2026-11-22T10:15:00Z'),
      patients,
      EDIT_AT,
    );
    expect(outcome).toMatchObject({
      kind: 'manual',
      conflict: { kind: 'edit_vs_delete', recommended: { choice: 'theirs' } },
    });
  });

  it('update: lww column edited on both sides goes to the later edit (server-time corrected)', () => {
    const mine = edit({ data: { email: 'mine@example.com' }, base: { email: 'old@example.com' } });
    const server = theirs({ email: 'theirs@example.com' });
    expect(reconcileConflict(mine, server, patients, EDIT_AT)).toEqual({ kind: 'settled' });
    expect(reconcileConflict(mine, server, patients, Date.parse('2026-11-22T10:30:00Z'))).toMatchObject({
      kind: 'resend',
      mutation: {
        op: 'update',
        data: { email: 'mine@example.com' },
        base: { email: 'theirs@example.com' },
        baseRev: 12,
      },
    });
  });

  it('update: an insert of an existing id merges with an empty base', () => {
    const insert = edit({
      op: 'insert',
      data: { id: ROW_A, full_name: 'Ana Souza', phone: '+5511977770000' },
      baseRev: null,
    });
    expect(reconcileConflict(insert, theirs(), patients, Date.parse('2026-11-22T10:30:00Z'))).toMatchObject({
      kind: 'resend',
      mutation: { op: 'update', data: { phone: '+5511977770000' } },
    });
  });
});

describe('resolveConflict', () => {
  const mine = edit({
    data: { full_name: 'Ana B. Souza', tags: ['vip', 'diabetic'] },
    base: { full_name: 'Ana', tags: ['vip'] },
  });
  const server = theirs({ full_name: 'Ana Lima', tags: ['vip', 'allergy'] });
  const outcome = reconcileConflict(mine, server, patients, EDIT_AT);
  const conflict = outcome.kind === 'manual' ? outcome.conflict : null;

  it('keeps what merged automatically whatever the person picks', () => {
    expect(conflict).toMatchObject({
      autoMerged: { tags: ['allergy', 'diabetic', 'vip'] },
      fields: [{ column: 'full_name' }],
    });
    expect(resolveConflict(conflict!, 'mine')).toMatchObject({
      kind: 'resend',
      mutation: { data: { full_name: 'Ana B. Souza', tags: ['allergy', 'diabetic', 'vip'] }, baseRev: 12 },
    });
  });

  it('"theirs" writes only the automatic merge; typed values override', () => {
    expect(resolveConflict(conflict!, 'theirs')).toMatchObject({
      kind: 'resend',
      mutation: {
        data: { tags: ['allergy', 'diabetic', 'vip'] },
        base: { tags: ['vip', 'allergy'] },
        baseRev: 12,
      },
    });
    expect(resolveConflict(conflict!, { values: { full_name: 'Ana Beatriz Lima' } })).toMatchObject({
      mutation: {
        data: { full_name: 'Ana Beatriz Lima', tags: ['allergy', 'diabetic', 'vip'] },
        base: { full_name: 'Ana Lima', tags: ['vip', 'allergy'] },
      },
    });
  });

  it("recommends the later edit: here the server's", () => {
    expect(conflict?.recommended).toEqual({
      choice: 'theirs',
      values: { full_name: 'Ana Lima', tags: ['allergy', 'diabetic', 'vip'] },
    });
  });

  it('edit vs delete: "theirs" keeps it deleted, "mine" restores then edits', () => {
    const gone = reconcileConflict(
      edit({ data: { phone: '1' } }),
      theirs({}, '2026-11-22T10:15:00Z'),
      patients,
      EDIT_AT,
    );
    if (gone.kind !== 'manual') throw new Error('expected a manual conflict');
    expect(resolveConflict(gone.conflict, 'theirs')).toEqual({ kind: 'settled' });
    expect(resolveConflict(gone.conflict, 'mine')).toEqual({
      kind: 'resend',
      mutation: { op: 'undelete', data: {}, base: {}, baseRev: 12 },
      followUp: { op: 'update', data: { phone: '1' }, base: { phone: '+5511988880000' } },
    });
  });

  it('on a medical record, either side applies only to the colliding sections', () => {
    // Regression found by the convergence property: "theirs" dropped the sections only this
    // client had written, and "mine" dropped the sections only the server had.
    const record = edit({
      table: 'encounters',
      data: { record: { anamnesis: 'mine', plan: 'mine', diagnosis: '' } },
      base: { record: { anamnesis: '', plan: '', diagnosis: '' } },
    });
    const server = {
      id: ROW_A,
      rev: 12,
      deleted_at: null,
      updated_at: '2026-11-22T10:20:00Z',
      record: { anamnesis: '', plan: 'theirs', diagnosis: 'theirs' },
    };
    const outcome = reconcileConflict(record, server, rulesFor('encounters'), EDIT_AT);
    if (outcome.kind !== 'manual') throw new Error('expected a manual conflict');
    expect(outcome.conflict.fields[0]?.jsonConflicts.map((c) => c.path)).toEqual([['plan']]);
    expect(resolveConflict(outcome.conflict, 'theirs')).toMatchObject({
      mutation: { data: { record: { anamnesis: 'mine', plan: 'theirs', diagnosis: 'theirs' } } },
    });
    expect(resolveConflict(outcome.conflict, 'mine')).toMatchObject({
      mutation: { data: { record: { anamnesis: 'mine', plan: 'mine', diagnosis: 'theirs' } } },
    });
  });
});
