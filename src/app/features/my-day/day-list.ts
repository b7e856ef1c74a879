import type { LocalRow } from '../../../engine/local-records.ts';
import { isLive } from '../clinical/patient-facts.ts';

/** What the one action on an appointment of the day does. */
export type DayAction = 'start' | 'continue' | 'view' | 'none';

export interface DayEntry {
  readonly appointment: LocalRow;
  /** The live encounter opened for this appointment, if any. */
  readonly encounter: LocalRow | undefined;
  readonly action: DayAction;
}

const closed = new Set(['cancelled', 'no_show']);

/** Epoch ms of the start and end of the local calendar day holding `now`. */
export function dayBounds(now: Date): { readonly from: number; readonly to: number } {
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const end = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  return { from: start.getTime(), to: end.getTime() };
}

/**
 * The day of one professional: their live appointments starting within [from, to), by start
 * time, each with its encounter and the action it offers: start one (nobody opened it yet),
 * continue it (opened, not signed), view it (signed); none for cancelled or missed ones.
 */
export function dayEntries(
  appointments: readonly LocalRow[],
  encounters: readonly LocalRow[],
  bounds: { readonly from: number; readonly to: number },
): DayEntry[] {
  const byAppointment = new Map<string, LocalRow>();
  for (const encounter of encounters.filter(isLive)) {
    const key = encounter['appointment_id'];
    if (typeof key !== 'string') continue;
    const seen = byAppointment.get(key);
    // Two encounters opened for one appointment on two offline devices: the unsigned one is the
    // one still to finish; among equals the earlier one.
    if (!seen || (seen['signed_at'] && !encounter['signed_at'])) byAppointment.set(key, encounter);
  }
  return appointments
    .filter((row) => {
      const start = Date.parse(String(row['starts_at']));
      return isLive(row) && start >= bounds.from && start < bounds.to;
    })
    .sort((a, b) => String(a['starts_at']).localeCompare(String(b['starts_at'])))
    .map((appointment) => {
      const encounter = byAppointment.get(appointment.id);
      const action: DayAction = encounter
        ? encounter['signed_at']
          ? 'view'
          : 'continue'
        : closed.has(String(appointment['status'])) || appointment['status'] === 'completed'
          ? 'none'
          : 'start';
      return { appointment, encounter, action };
    });
}

/**
 * Who is waiting: checked-in appointments not yet seen (no encounter started), in order of
 * arrival (an arrival without a time, from an older device, goes last by its start time).
 */
export function waitingList(entries: readonly DayEntry[]): DayEntry[] {
  const arrival = (entry: DayEntry) => {
    const at = entry.appointment['checked_in_at'];
    return typeof at === 'string' ? Date.parse(at) : Number.POSITIVE_INFINITY;
  };
  return entries
    .filter((entry) => entry.appointment['status'] === 'checked_in' && entry.encounter === undefined)
    .sort(
      (a, b) =>
        arrival(a) - arrival(b) ||
        String(a.appointment['starts_at']).localeCompare(String(b.appointment['starts_at'])),
    );
}
