import { describe, expect, it } from 'vitest';
import { fieldPolicies, rulesFor } from '../../../../src/core/entity-rules.ts';
import { reconcileConflict, type ConflictingEdit } from '../../../../src/core/merge/reconcile-conflict.ts';
import { supersededValues } from '../../../../src/core/merge/superseded-values.ts';
import { ROW_A, mid } from '../outbox-fixtures.ts';

// Issue 12, item 1, at the level of the merge, under every policy the notes could have: reception
// (this client) changed phone and notes offline; the doctor changed only the notes, and the server
// row shows that (the doctor's save carried the notes only). The phone nobody else touched always
// lands; what the notes policy lets go is named as superseded, never dropped unseen.
const base = { phone: '+55 11 94592-4944', notes: 'Primeira consulta.' };
const mine: ConflictingEdit = {
  mid: mid(1),
  table: 'patients',
  rowId: ROW_A,
  op: 'update',
  data: { phone: '+5511977778888', notes: 'Prefere WhatsApp.' },
  base,
  baseRev: 10,
};
const theirs = {
  id: ROW_A,
  rev: 12,
  deleted_at: null,
  updated_at: '2026-12-07T10:45:00Z',
  last_editor: 'a0000000-0000-4000-8000-000000000002/doctor-tablet',
  full_name: 'Helena Duarte',
  ...base,
  notes: 'Alergia a dipirona.',
};
const editedAt = Date.parse('2026-12-07T10:42:00Z');

describe.each(fieldPolicies)('notes under %s', (policy) => {
  const rules = { ...rulesFor('patients'), fields: { ...rulesFor('patients').fields, notes: policy } };
  const outcome = reconcileConflict(mine, theirs, rules, editedAt);

  it("reception's phone lands", () => {
    const written =
      outcome.kind === 'resend'
        ? outcome.mutation.data
        : outcome.kind === 'manual'
          ? outcome.conflict.autoMerged
          : {};
    expect(written['phone']).toBe('+5511977778888');
  });

  it('the notes that lose are kept as superseded', () => {
    const kept = supersededValues({ ...mine, at: '2026-12-07T10:42:00.000Z' }, theirs, outcome, rules);
    const finalNotes =
      outcome.kind === 'resend' && 'notes' in outcome.mutation.data
        ? outcome.mutation.data['notes']
        : theirs.notes;
    if (outcome.kind === 'manual') expect(outcome.conflict.fields.map((f) => f.column)).toEqual(['notes']);
    else if (finalNotes === theirs.notes)
      expect(kept).toEqual([
        expect.objectContaining({
          column: 'notes',
          value: 'Prefere WhatsApp.',
          side: 'mine',
          reason: policy,
        }),
      ]);
    else
      expect(kept).toEqual([
        expect.objectContaining({
          column: 'notes',
          value: 'Alergia a dipirona.',
          side: 'theirs',
          typedBy: theirs.last_editor,
          typedAt: theirs.updated_at,
        }),
      ]);
  });
});
