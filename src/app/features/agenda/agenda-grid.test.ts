import { describe, expect, it } from 'vitest';
import {
  agendaSearch,
  bookingSearch,
  clashesAfterMove,
  dayFromParam,
  defaultEnd,
  gridBounds,
  movedColumns,
  openingHours,
  parseBooking,
  zoneOf,
} from './agenda-grid.ts';

const saoPaulo = 'America/Sao_Paulo';
const tegucigalpa = 'America/Tegucigalpa';
const appt = (id: string, start: string, end: string, professional: string, room: string | null) => ({
  id,
  starts_at: start,
  ends_at: end,
  professional_id: professional,
  room_id: room,
  status: 'scheduled',
});

describe('the agenda grid', () => {
  it('spans the branch opening hours in the branch zone, whatever zone the device is in', () => {
    const day = dayFromParam('2026-12-08', tegucigalpa) as Date;
    expect(day.toISOString()).toBe('2026-12-08T06:00:00.000Z');
    const { min, max } = gridBounds(day, tegucigalpa, { opens: 480, closes: 1080 });
    expect(min.toISOString()).toBe('2026-12-08T14:00:00.000Z'); // 08:00 in Tegucigalpa
    expect(max.toISOString()).toBe('2026-12-08T23:59:00.000Z'); // 17:59, the last minute before 18:00
  });

  it('widens to whole hours around an appointment booked outside the hours, never hiding it', () => {
    const day = dayFromParam('2026-12-08', saoPaulo) as Date;
    const early = { start: new Date('2026-12-08T09:15:00Z'), end: new Date('2026-12-08T09:45:00Z') }; // 06:15
    const late = { start: new Date('2026-12-08T22:30:00Z'), end: new Date('2026-12-08T23:10:00Z') }; // 19:30–20:10
    const other = { start: new Date('2026-12-09T09:00:00Z'), end: new Date('2026-12-09T09:30:00Z') };
    const { min, max } = gridBounds(day, saoPaulo, { opens: 420, closes: 1140 }, [early, late, other]);
    expect(min.toISOString()).toBe('2026-12-08T09:00:00.000Z'); // 06:00
    expect(max.toISOString()).toBe('2026-12-08T23:59:00.000Z'); // 20:59
  });

  it('reads opening hours from the branch, and falls back to 07:00–19:00', () => {
    expect(openingHours({ opens_minute: 480, closes_minute: 1080 })).toEqual({ opens: 480, closes: 1080 });
    expect(openingHours({ opens_minute: null, closes_minute: 1080 })).toEqual({ opens: 420, closes: 1140 });
    expect(openingHours({ opens_minute: 900, closes_minute: 600 })).toEqual({ opens: 420, closes: 1140 });
    expect(openingHours(undefined)).toEqual({ opens: 420, closes: 1140 });
  });

  it("uses the branch's zone, or the device's when the branch is not known yet", () => {
    expect(zoneOf({ timezone: tegucigalpa })).toBe(tegucigalpa);
    expect(zoneOf({ timezone: 'Not/AZone' })).toBe(zoneOf(undefined));
  });

  it('hands an empty slot to the booking screen and back', () => {
    const slot = {
      start: new Date('2026-12-08T13:30:00Z'),
      professionalId: 'dr1',
      roomId: null,
      branchId: 'b1',
    };
    expect(parseBooking(bookingSearch(slot))).toEqual(slot);
    expect(parseBooking('?start=nonsense')).toBeNull();
    expect(agendaSearch(slot.start, saoPaulo, { by: 'professional', id: 'dr1', branch: 'b1' })).toBe(
      '?date=2026-12-08&at=10%3A30&by=professional&focus=dr1&branch=b1',
    );
  });

  it("ends a booking after the service's length, or 30 minutes", () => {
    const start = new Date('2026-12-08T13:00:00Z');
    expect(defaultEnd(start, { duration_minutes: 45 }).toISOString()).toBe('2026-12-08T13:45:00.000Z');
    expect(defaultEnd(start, undefined).toISOString()).toBe('2026-12-08T13:30:00.000Z');
  });

  it('moves an appointment to another column and finds what it would double-book there', () => {
    const a = appt('a', '2026-12-08T13:00:00Z', '2026-12-08T13:30:00Z', 'dr1', 'r1');
    const b = appt('b', '2026-12-08T14:00:00Z', '2026-12-08T14:30:00Z', 'dr2', 'r2');
    const move = {
      start: new Date('2026-12-08T14:15:00Z'),
      end: new Date('2026-12-08T14:45:00Z'),
      resourceId: 'dr2',
    };
    expect(movedColumns(a, move, 'professional')).toEqual({
      starts_at: '2026-12-08T14:15:00.000Z',
      ends_at: '2026-12-08T14:45:00.000Z',
      professional_id: 'dr2',
    });
    expect(clashesAfterMove(a, move, 'professional', [a, b])).toEqual([{ with: 'b', kind: 'professional' }]);
    // Same time, kept with its own professional and room: clear.
    expect(clashesAfterMove(a, { ...move, resourceId: null }, 'professional', [a, b])).toEqual([]);
    // By room: the column is the room.
    expect(movedColumns(a, { ...move, resourceId: 'r2' }, 'room')).toMatchObject({ room_id: 'r2' });
    expect(clashesAfterMove(a, { ...move, resourceId: 'r2' }, 'room', [a, b])).toEqual([
      { with: 'b', kind: 'room' },
    ]);
  });
});
