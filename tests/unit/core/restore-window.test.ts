import { describe, expect, it } from 'vitest';
import { rulesFor } from '../../../src/core/entity-rules.ts';
import { planEnqueue } from '../../../src/core/outbox/plan-enqueue.ts';
import { canRestore, restoreDeadline } from '../../../src/core/restore-window.ts';
import { mid, ROW_A } from './outbox-fixtures.ts';

const DAY = 24 * 60 * 60 * 1000;
const deletedAt = '2026-11-01T12:00:00.000Z';
const row = { id: ROW_A, rev: 9, deleted_at: deletedAt, full_name: 'Ana' };
const patients = rulesFor('patients');

describe('restore window', () => {
  it('ends restoreWindowDays after deletion', () => {
    expect(restoreDeadline(row, patients)).toBe(Date.parse(deletedAt) + 7 * DAY);
    expect(restoreDeadline({ ...row, deleted_at: null }, patients)).toBeNull();
    expect(restoreDeadline({ ...row, deleted_at: 'garbage' }, patients)).toBeNull();
  });

  it('allows a restore up to the deadline, not after', () => {
    expect(canRestore(row, patients, Date.parse(deletedAt) + 7 * DAY)).toBe(true);
    expect(canRestore(row, patients, Date.parse(deletedAt) + 7 * DAY + 1)).toBe(false);
  });

  it('refuses an undelete the server would reject, judged in server time', () => {
    const plan = (now: number, clockOffsetMs: number) =>
      planEnqueue({
        table: 'patients',
        edit: { op: 'undelete', rowId: ROW_A, changes: {} },
        view: row,
        rowEntries: [],
        rules: patients,
        mid: mid(1),
        now,
        clockOffsetMs,
      });
    const late = Date.parse(deletedAt) + 8 * DAY;
    expect(plan(late, 0)).toMatchObject({ kind: 'rejected', error: { code: 'restore_window_expired' } });
    // The device clock runs two days ahead: in server time it is still day 6.
    expect(plan(late, -2 * DAY).kind).toBe('append');
  });
});
