import { mutate } from '../../../engine/write-api.ts';
import type { ClinicDb } from '../../../engine/local-db.ts';
import type { LocalRow } from '../../../engine/local-records.ts';
import { statusChange } from '../../../core/agenda/appointment-status.ts';

export type DayActionResult =
  | { readonly ok: true; readonly encounterId: string }
  | { readonly ok: false; readonly code: string; readonly message: string };

/**
 * Marks the patient of `appointment` as arrived now (the waiting list orders by this time), the
 * same move the agenda offers (core/agenda/appointment-status.ts); null when the appointment's
 * status does not allow it.
 */
export async function checkIn(db: ClinicDb, appointment: LocalRow, now = new Date()) {
  const change = statusChange(appointment['status'], 'checked_in', now);
  return change === null ? null : mutate(db, 'appointments', 'update', appointment.id, change);
}

/**
 * Opens the encounter of an appointment, by `professional` (the signed-in user's profile), and
 * moves the appointment to "in progress". Both are ordinary local writes, queued for the server.
 */
export async function startEncounterFor(
  db: ClinicDb,
  appointment: LocalRow,
  professional: LocalRow,
  now = new Date(),
): Promise<DayActionResult> {
  const id = crypto.randomUUID();
  const opened = await mutate(db, 'encounters', 'insert', id, {
    patient_id: appointment['patient_id'],
    professional_id: professional.id,
    appointment_id: appointment.id,
    branch_id: appointment['branch_id'] ?? professional['branch_id'] ?? null,
    started_at: now.toISOString(),
    record: {},
  });
  if (!opened.ok) return { ok: false, code: opened.error.code, message: opened.error.message };
  if (appointment['status'] !== 'in_progress') {
    await mutate(db, 'appointments', 'update', appointment.id, { status: 'in_progress' });
  }
  return { ok: true, encounterId: id };
}
