/**
 * The life of an appointment, one status at a time. The agenda and the doctor's day offer only
 * the moves below (`nextStatuses`).
 *
 * - scheduled → confirmed (the patient confirmed), checked_in (arrived), in_progress (seen
 *   without passing the front desk), cancelled, no_show;
 * - confirmed → scheduled (confirmation undone), checked_in, in_progress, cancelled, no_show;
 * - checked_in → in_progress (the professional started), confirmed (arrival marked by mistake),
 *   cancelled (left before being seen), no_show;
 * - in_progress → completed, checked_in (started by mistake);
 * - completed: final; a completed appointment is never cancelled nor reopened;
 * - cancelled, no_show → scheduled (booked again at the same time, marked by mistake).
 *
 * The database holds the same table (migration 20261208100000_appointment_status_moves.sql:
 * change both together; a SQL test walks every pair against `canReachStatus`) and refuses a
 * change of status that no chain of these moves leads to. A chain, not one step: edits made
 * offline are folded into one before they are sent (outbox/coalesce.ts), so arrived, seen and
 * done on a device without network reach the server as one change from scheduled to completed.
 * What no chain reaches is leaving `completed`: a completed appointment is never cancelled,
 * missed or reopened, on any device, whatever was queued.
 */
export const appointmentStatuses = [
  'scheduled',
  'confirmed',
  'checked_in',
  'in_progress',
  'completed',
  'cancelled',
  'no_show',
] as const;

export type AppointmentStatus = (typeof appointmentStatuses)[number];

export const statusMoves: Readonly<Record<AppointmentStatus, readonly AppointmentStatus[]>> = {
  scheduled: ['confirmed', 'checked_in', 'in_progress', 'cancelled', 'no_show'],
  confirmed: ['scheduled', 'checked_in', 'in_progress', 'cancelled', 'no_show'],
  checked_in: ['in_progress', 'confirmed', 'cancelled', 'no_show'],
  in_progress: ['completed', 'checked_in'],
  completed: [],
  cancelled: ['scheduled'],
  no_show: ['scheduled'],
};

export function isAppointmentStatus(value: unknown): value is AppointmentStatus {
  return typeof value === 'string' && (appointmentStatuses as readonly string[]).includes(value);
}

/** The statuses an appointment in `from` may move to (none for an unknown status). */
export function nextStatuses(from: unknown): readonly AppointmentStatus[] {
  return isAppointmentStatus(from) ? statusMoves[from] : [];
}

/** Whether `from → to` is allowed; staying in the same status always is. */
export function canMoveStatus(from: unknown, to: unknown): boolean {
  return from === to || nextStatuses(from).some((status) => status === to);
}

/** Whether some chain of allowed moves leads from `from` to `to` (what the database checks). */
export function canReachStatus(from: unknown, to: unknown): boolean {
  if (from === to) return true;
  const seen = new Set<AppointmentStatus>();
  const queue = [...nextStatuses(from)];
  for (let status = queue.shift(); status !== undefined; status = queue.shift()) {
    if (status === to) return true;
    if (seen.has(status)) continue;
    seen.add(status);
    queue.push(...statusMoves[status]);
  }
  return false;
}

/** Statuses whose appointment still holds its slot and may be dragged to another time. */
export function isReschedulable(status: unknown): boolean {
  return status === 'scheduled' || status === 'confirmed';
}

/**
 * The columns written with a move: arriving stamps `checked_in_at` (the waiting list orders by
 * it), undoing an arrival clears it.
 */
export function statusChange(
  from: unknown,
  to: AppointmentStatus,
  now: Date,
): Record<string, string | null> | null {
  if (!canMoveStatus(from, to) || from === to) return null;
  if (to === 'checked_in' && from !== 'in_progress') return { status: to, checked_in_at: now.toISOString() };
  if (from === 'checked_in' && (to === 'confirmed' || to === 'scheduled'))
    return { status: to, checked_in_at: null };
  return { status: to };
}
