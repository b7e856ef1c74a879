import { mutate } from '../../../engine/write-api.ts';
import type { ClinicDb } from '../../../engine/local-db.ts';

export type StartEncounter =
  | { readonly ok: true; readonly id: string }
  | { readonly ok: false; readonly code: string; readonly message: string };

/**
 * Opens a new encounter for a patient, by the signed-in professional (the profile with the user's
 * email) or, when the user has no clinical profile, the first doctor of the clinic.
 */
export async function startEncounter(
  db: ClinicDb,
  patientId: string,
  userEmail: string,
): Promise<StartEncounter> {
  const profiles = await db
    .rows('profiles')
    .filter((row) => !row.deleted_at)
    .toArray();
  const own = profiles.find(
    (row) => row['email'] === userEmail && (row['role'] === 'doctor' || row['role'] === 'nurse'),
  );
  const professional = own ?? profiles.find((row) => row['role'] === 'doctor');
  if (!professional)
    return { ok: false, code: 'no_professional', message: 'no doctor or nurse profile on this device' };
  const patient = await db.rows('patients').get(patientId);
  const id = crypto.randomUUID();
  const result = await mutate(db, 'encounters', 'insert', id, {
    patient_id: patientId,
    professional_id: professional.id,
    branch_id:
      (patient?.['branch_id'] as string | null | undefined) ??
      (professional['branch_id'] as string | null | undefined) ??
      null,
    started_at: new Date().toISOString(),
    record: {},
  });
  return result.ok ? { ok: true, id } : { ok: false, code: result.error.code, message: result.error.message };
}
