import { describe, expect, it } from 'vitest';
import { findDoubleBookings } from './double-booking.ts';

const at = (h: number, m = 0) => `2026-11-23T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00Z`;
const appt = (
  id: string,
  start: string,
  end: string,
  professional: string,
  room: string | null,
  status = 'scheduled',
) => ({
  id,
  starts_at: start,
  ends_at: end,
  professional_id: professional,
  room_id: room,
  status,
  deleted_at: null,
});

describe('findDoubleBookings', () => {
  it('flags both sides of an overlap for the same professional', () => {
    const clashes = findDoubleBookings([
      appt('a', at(9), at(9, 30), 'dr1', 'r1'),
      appt('b', at(9, 15), at(9, 45), 'dr1', 'r2'),
    ]);
    expect(clashes.get('a')).toEqual([{ with: 'b', kind: 'professional' }]);
    expect(clashes.get('b')).toEqual([{ with: 'a', kind: 'professional' }]);
  });
  it('flags the same room booked by two professionals', () => {
    const clashes = findDoubleBookings([
      appt('a', at(9), at(10), 'dr1', 'r1'),
      appt('b', at(9, 30), at(10), 'dr2', 'r1'),
    ]);
    expect(clashes.get('a')).toEqual([{ with: 'b', kind: 'room' }]);
  });
  it('lets back-to-back appointments and cancelled ones be', () => {
    expect(
      findDoubleBookings([appt('a', at(9), at(10), 'dr1', 'r1'), appt('b', at(10), at(11), 'dr1', 'r1')])
        .size,
    ).toBe(0);
    expect(
      findDoubleBookings([
        appt('a', at(9), at(10), 'dr1', 'r1'),
        appt('b', at(9), at(10), 'dr1', 'r1', 'cancelled'),
      ]).size,
    ).toBe(0);
  });
  it('finds every clash in a pile of three', () => {
    const clashes = findDoubleBookings([
      appt('a', at(9), at(12), 'dr1', null),
      appt('b', at(10), at(11), 'dr1', null),
      appt('c', at(10, 30), at(11, 30), 'dr1', null),
    ]);
    expect(
      clashes
        .get('a')
        ?.map((c) => c.with)
        .sort(),
    ).toEqual(['b', 'c']);
    expect(
      clashes
        .get('c')
        ?.map((c) => c.with)
        .sort(),
    ).toEqual(['a', 'b']);
  });
});
