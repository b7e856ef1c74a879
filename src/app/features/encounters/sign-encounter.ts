import type { ClinicDb } from '../../../engine/local-db.ts';
import type { LocalRow } from '../../../engine/local-records.ts';
import { mutate } from '../../../engine/write-api.ts';
import { prescriptionsOf } from './encounter-parts.ts';
import { mayPrescribeControlled } from './signature.ts';

export type SignOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: 'controlled_needs_prescriber' | 'line_without_drug' | string };

/**
 * Signs an encounter as `signer`: its draft prescriptions with lines are issued (at the time of
 * signing), empty drafts removed, the encounter marked signed, its appointment completed. The
 * writes are queued in this order, so the server applies the prescriptions before the signature
 * that locks them. Checked first, nothing written on failure: every line names its drug, and a
 * controlled-drug prescription is signed by a physician or dentist (CRM, CRO, CMH).
 */
export async function signEncounter(
  db: ClinicDb,
  encounter: LocalRow,
  signer: LocalRow,
  now = new Date(),
): Promise<SignOutcome> {
  const prescriptions = await prescriptionsOf(db, encounter.id);
  for (const { prescription, lines } of prescriptions) {
    if (prescription['status'] !== 'draft' || lines.length === 0) continue;
    if (lines.some((line) => String(line['medication'] ?? '').trim() === ''))
      return { ok: false, code: 'line_without_drug' };
    if (prescription['kind'] === 'special_control' && !mayPrescribeControlled(signer))
      return { ok: false, code: 'controlled_needs_prescriber' };
  }
  const at = now.toISOString();
  for (const { prescription, lines } of prescriptions) {
    if (prescription['status'] !== 'draft') continue;
    const written =
      lines.length === 0
        ? await mutate(db, 'prescriptions', 'delete', prescription.id)
        : await mutate(db, 'prescriptions', 'update', prescription.id, { status: 'issued', issued_at: at });
    if (!written.ok) return { ok: false, code: written.error.code };
  }
  const signed = await mutate(db, 'encounters', 'update', encounter.id, {
    signed_at: at,
    signed_by: signer.id,
  });
  if (!signed.ok) return { ok: false, code: signed.error.code };
  const appointmentId = encounter['appointment_id'];
  if (typeof appointmentId === 'string') {
    const appointment = await db.rows('appointments').get(appointmentId);
    if (appointment && appointment['status'] !== 'completed')
      await mutate(db, 'appointments', 'update', appointmentId, { status: 'completed' });
  }
  return { ok: true };
}
