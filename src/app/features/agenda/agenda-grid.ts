import { DateTime } from 'luxon';
import { findDoubleBookings, type Bookable, type Clash } from './double-booking.ts';

/**
 * The agenda's time grid, in the branch's own time zone (a reception PC set to another zone still
 * shows the clinic's hours): which hours it spans, which day a URL names, where an empty slot
 * leads, and what a move would clash with. Pure: dates in, dates out.
 */
export type GroupBy = 'professional' | 'room';

/** When a branch without stored hours opens and closes (minutes after midnight). */
export const defaultHours = { opens: 7 * 60, closes: 19 * 60 } as const;

export interface OpeningHours {
  readonly opens: number;
  readonly closes: number;
}

const minute = (value: unknown): number | null =>
  typeof value === 'number' && Number.isInteger(value) ? value : null;

/** A branch's opening hours, or the default day when it keeps none (or nonsense). */
export function openingHours(branch: { readonly [column: string]: unknown } | undefined): OpeningHours {
  const opens = minute(branch?.['opens_minute']);
  const closes = minute(branch?.['closes_minute']);
  if (opens === null || closes === null || opens < 0 || closes > 1440 || closes <= opens) return defaultHours;
  return { opens, closes };
}

/** The branch's IANA zone, else the browser's (a branch row not pulled yet). */
export function zoneOf(branch: { readonly [column: string]: unknown } | undefined): string {
  const zone = branch?.['timezone'];
  return typeof zone === 'string' && DateTime.local().setZone(zone).isValid
    ? zone
    : DateTime.local().zoneName;
}

/**
 * The first and last minute the grid shows on `day` (any instant of it): the opening hours,
 * widened to whole hours around any appointment of that day outside them, so nothing booked is
 * hidden. `max` is the last minute shown (the grid ends where the clinic closes).
 */
export function gridBounds(
  day: Date,
  zone: string,
  hours: OpeningHours,
  appointments: readonly { readonly start: Date; readonly end: Date }[] = [],
): { readonly min: Date; readonly max: Date } {
  const midnight = DateTime.fromJSDate(day, { zone }).startOf('day');
  let opens = hours.opens;
  let closes = hours.closes;
  for (const { start, end } of appointments) {
    const from = DateTime.fromJSDate(start, { zone });
    const to = DateTime.fromJSDate(end, { zone });
    if (!from.hasSame(midnight, 'day')) continue;
    opens = Math.min(opens, Math.floor((from.hour * 60 + from.minute) / 60) * 60);
    const endMinute = to.hasSame(midnight, 'day') ? to.hour * 60 + to.minute : 1440;
    closes = Math.max(closes, Math.min(1440, Math.ceil(endMinute / 60) * 60));
  }
  return {
    min: midnight.plus({ minutes: opens }).toJSDate(),
    max: midnight.plus({ minutes: closes - 1 }).toJSDate(),
  };
}

/** `2026-12-08` read as that day in `zone` (its first instant); null when not a date. */
export function dayFromParam(text: string | null, zone: string): Date | null {
  if (!text || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const day = DateTime.fromISO(text, { zone });
  return day.isValid ? day.toJSDate() : null;
}

/** The day holding `instant` in `zone`, as `2026-12-08`. */
export function dayParam(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate() ?? '';
}

/** `10:30` in `zone`. */
export function timeParam(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat('HH:mm');
}

/** What an empty slot hands the booking screen. */
export interface SlotChoice {
  readonly start: Date;
  readonly professionalId: string | null;
  readonly roomId: string | null;
  readonly branchId: string | null;
}

export function bookingSearch(slot: SlotChoice): string {
  const params = new URLSearchParams({ start: slot.start.toISOString() });
  if (slot.professionalId) params.set('professional', slot.professionalId);
  if (slot.roomId) params.set('room', slot.roomId);
  if (slot.branchId) params.set('branch', slot.branchId);
  return `?${params.toString()}`;
}

export function parseBooking(search: string): SlotChoice | null {
  const params = new URLSearchParams(search);
  const start = new Date(params.get('start') ?? '');
  if (Number.isNaN(start.getTime())) return null;
  return {
    start,
    professionalId: params.get('professional'),
    roomId: params.get('room'),
    branchId: params.get('branch'),
  };
}

/**
 * The agenda of `branch` at the day and hour of `instant`, grouped as it was (where saving or
 * cancelling a booking returns).
 */
export function agendaSearch(
  instant: Date,
  zone: string,
  focus: { by: GroupBy; id: string | null; branch?: string | null },
): string {
  const params = new URLSearchParams({
    date: dayParam(instant, zone),
    at: timeParam(instant, zone),
    by: focus.by,
  });
  if (focus.id) params.set('focus', focus.id);
  if (focus.branch) params.set('branch', focus.branch);
  return `?${params.toString()}`;
}

/** The end of a booking starting at `start` that lasts the service's length (30 min without one). */
export function defaultEnd(start: Date, service: { readonly [column: string]: unknown } | undefined): Date {
  const minutes = minute(service?.['duration_minutes']);
  return new Date(start.getTime() + (minutes !== null && minutes > 0 ? minutes : 30) * 60_000);
}

/** A drag or resize asked for: the appointment's new time and, dropped in another column, its owner. */
export interface Move {
  readonly start: Date;
  readonly end: Date;
  /** The column it was dropped in (a professional or a room, per `groupBy`), when columns show. */
  readonly resourceId: string | null;
}

/** The columns an appointment would be written with after `move`. */
export function movedColumns(row: Bookable, move: Move, groupBy: GroupBy): Record<string, string> {
  const columns: Record<string, string> = {
    starts_at: move.start.toISOString(),
    ends_at: move.end.toISOString(),
  };
  const owner = groupBy === 'room' ? 'room_id' : 'professional_id';
  if (move.resourceId !== null && move.resourceId !== row[owner]) columns[owner] = move.resourceId;
  return columns;
}

/** What the appointment would double-book once moved (nothing: the move is clear). */
export function clashesAfterMove(
  row: Bookable,
  move: Move,
  groupBy: GroupBy,
  others: readonly Bookable[],
): Clash[] {
  const moved = { ...row, ...movedColumns(row, move, groupBy) };
  return findDoubleBookings([moved, ...others.filter((other) => other.id !== row.id)]).get(row.id) ?? [];
}
