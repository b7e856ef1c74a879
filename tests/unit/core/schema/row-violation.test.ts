import { describe, expect, it } from 'vitest';
import { rulesFor } from '../../../../src/core/entity-rules.ts';
import { planEnqueue } from '../../../../src/core/outbox/plan-enqueue.ts';
import { clinicTable, clinicTables } from '../../../../src/core/schema/clinic-tables.ts';
import { checkReason, rowViolation } from '../../../../src/core/schema/row-violation.ts';
import type { SyncedTableName } from '../../../../src/core/synced-tables.ts';

const ROW = '00000000-0000-4000-8000-0000000000a1';
const OTHER = '00000000-0000-4000-8000-0000000000b2';

const appointment = {
  patient_id: OTHER,
  professional_id: OTHER,
  branch_id: OTHER,
  starts_at: '2026-12-07T19:00:00.000Z',
  ends_at: '2026-12-07T20:00:00.000Z',
  status: 'scheduled',
};

function enqueue(
  table: SyncedTableName,
  op: 'insert' | 'update',
  changes: Record<string, unknown>,
  view?: Record<string, unknown>,
) {
  return planEnqueue({
    table,
    edit: { op, rowId: ROW, changes },
    view,
    rowEntries: [],
    rules: rulesFor(table),
    mid: '00000000-0000-4000-8000-0000000000c3',
    now: Date.parse('2026-12-07T15:00:00Z'),
  });
}

const violated = (
  table: SyncedTableName,
  changes: Record<string, unknown>,
  row: Record<string, unknown> = {},
) => rowViolation(clinicTable(table), { id: ROW, ...row, ...changes }, new Set(Object.keys(changes)));

describe('an edit is checked on the device against the rules the database checks', () => {
  it('refuses an appointment from 16:00 to 15:00 before it is queued, naming the end', () => {
    const plan = enqueue('appointments', 'insert', {
      ...appointment,
      starts_at: '2026-12-07T19:00:00.000Z',
      ends_at: '2026-12-07T18:00:00.000Z',
    });
    expect(plan).toMatchObject({
      kind: 'rejected',
      error: { code: 'check_violation', violation: { reason: 'ends_before_starts', column: 'ends_at' } },
    });
    expect(enqueue('appointments', 'insert', appointment).kind).toBe('append');
  });

  it('reads an update against the row it leaves: moving only the start past the end is refused', () => {
    const view = { id: ROW, rev: 4, deleted_at: null, ...appointment };
    const plan = enqueue('appointments', 'update', { starts_at: '2026-12-07T21:00:00.000Z' }, view);
    expect(plan).toMatchObject({ kind: 'rejected', error: { violation: { reason: 'ends_before_starts' } } });
    expect(
      enqueue('appointments', 'update', { notes: 'retorno' }, { ...view, ends_at: view.starts_at }).kind,
    ).toBe('append');
  });

  it('refuses negative amounts, a zero quantity, a value out of its list and a required field emptied', () => {
    expect(violated('payments', { amount: -1 })).toEqual({
      reason: 'must_not_be_negative',
      column: 'amount',
    });
    expect(violated('payments', { amount: 0 })).toBeNull();
    expect(violated('invoice_items', { quantity: 0 })).toEqual({
      reason: 'must_be_positive',
      column: 'quantity',
    });
    expect(violated('inventory_movements', { quantity: 0 })).toEqual({
      reason: 'must_not_be_zero',
      column: 'quantity',
    });
    expect(violated('certificates', { days: 400 })).toEqual({ reason: 'out_of_range', column: 'days' });
    expect(violated('appointments', { status: 'lost' })).toEqual({
      reason: 'value_not_allowed',
      column: 'status',
    });
    expect(violated('patients', { full_name: null })).toEqual({
      reason: 'required_missing',
      column: 'full_name',
    });
    expect(violated('allergies', { substance: '  ' })).toEqual({
      reason: 'required_missing',
      column: 'substance',
    });
    expect(violated('encounter_diagnoses', { code: 'gripe' })).toEqual({
      reason: 'invalid_value',
      column: 'code',
    });
    expect(violated('crm_pipeline_stages', { is_won: true }, { is_lost: true })).toEqual({
      reason: 'value_not_allowed',
      column: 'is_won',
    });
    expect(violated('files', { category: 'administrative' }, { owner_table: 'encounters' })).toEqual({
      reason: 'value_not_allowed',
      column: 'category',
    });
    expect(violated('files', { replaces: ROW })).toEqual({ reason: 'invalid_reference', column: 'replaces' });
    expect(violated('encounters', { signed_at: '2026-12-07T15:00:00Z' })).toEqual({
      reason: 'value_not_allowed',
      column: 'signed_at',
    });
  });

  it('judges only the rules naming a column the edit sets, and lets nulls pass as SQL does', () => {
    expect(violated('payments', { reference: 'x' }, { amount: -5 })).toBeNull();
    expect(violated('cash_closures', { closing_amount: null })).toBeNull();
    expect(violated('patient_medications', { ended_on: '2026-01-01' }, { started_on: null })).toBeNull();
    expect(violated('patient_medications', { ended_on: '2026-01-01' }, { started_on: '2026-02-01' })).toEqual(
      {
        reason: 'ends_before_starts',
        column: 'ended_on',
      },
    );
  });

  it('gives every check of the catalogue a reason a screen translates', () => {
    for (const table of clinicTables)
      for (const check of table.checks) expect(checkReason(check), check.name).toMatch(/^[a-z_]+$/);
  });
});
