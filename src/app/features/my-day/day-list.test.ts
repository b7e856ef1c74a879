import { describe, expect, it } from 'vitest';
import type { LocalRow } from '../../../engine/local-records.ts';
import { dayBounds, dayEntries, waitingList } from './day-list.ts';

const row = (id: string, values: Record<string, unknown>): LocalRow => ({
  id,
  rev: 1,
  deleted_at: null,
  ...values,
});
const at = (hh: number, mm = 0) => new Date(2026, 11, 3, hh, mm).toISOString();

describe('the day of a professional', () => {
  const bounds = dayBounds(new Date(2026, 11, 3, 10, 0));
  const appointments = [
    row('a-late', { starts_at: at(16), status: 'scheduled' }),
    row('a-early', { starts_at: at(8), status: 'checked_in', checked_in_at: at(7, 50) }),
    row('a-seen', { starts_at: at(9), status: 'in_progress' }),
    row('a-done', { starts_at: at(8, 30), status: 'completed' }),
    row('a-cancel', { starts_at: at(11), status: 'cancelled' }),
    row('a-second', { starts_at: at(10), status: 'checked_in', checked_in_at: at(7, 40) }),
    row('a-tomorrow', { starts_at: new Date(2026, 11, 4, 8).toISOString(), status: 'scheduled' }),
    row('a-deleted', { starts_at: at(12), status: 'scheduled', deleted_at: at(6) }),
  ];
  const encounters = [
    row('e-open', { appointment_id: 'a-seen', signed_at: null }),
    row('e-signed', { appointment_id: 'a-done', signed_at: at(9) }),
  ];

  it('lists today’s live appointments by time with the action each offers', () => {
    const entries = dayEntries(appointments, encounters, bounds);
    expect(entries.map((e) => [e.appointment.id, e.action])).toEqual([
      ['a-early', 'start'],
      ['a-done', 'view'],
      ['a-seen', 'continue'],
      ['a-second', 'start'],
      ['a-cancel', 'none'],
      ['a-late', 'start'],
    ]);
  });

  it('puts the waiting patients in order of arrival, not of appointment', () => {
    const entries = dayEntries(appointments, encounters, bounds);
    expect(waitingList(entries).map((e) => e.appointment.id)).toEqual(['a-second', 'a-early']);
  });

  it('prefers the unsigned one of two encounters opened for one appointment', () => {
    const both = [...encounters, row('e-again', { appointment_id: 'a-done', signed_at: null })];
    const done = dayEntries(appointments, both, bounds).find((e) => e.appointment.id === 'a-done');
    expect([done?.encounter?.id, done?.action]).toEqual(['e-again', 'continue']);
  });
});
