import type { ClinicDb } from '../../../engine/local-db.ts';
import type { LocalRow } from '../../../engine/local-records.ts';
import { isLive } from '../clinical/patient-facts.ts';

/** A prescription of an encounter with its live lines, in order. */
export interface PrescriptionWithLines {
  readonly prescription: LocalRow;
  readonly lines: LocalRow[];
}

const byPosition = (a: LocalRow, b: LocalRow) => Number(a['position'] ?? 0) - Number(b['position'] ?? 0);

export async function prescriptionsOf(db: ClinicDb, encounterId: string): Promise<PrescriptionWithLines[]> {
  const prescriptions = (await db.rows('prescriptions').where('encounter_id').equals(encounterId).toArray())
    .filter(isLive)
    .sort((a, b) =>
      String(a['created_at'] ?? a['issued_at']).localeCompare(String(b['created_at'] ?? b['issued_at'])),
    );
  const result: PrescriptionWithLines[] = [];
  for (const prescription of prescriptions) {
    const lines = await db
      .rows('prescription_items')
      .where('prescription_id')
      .equals(prescription.id)
      .toArray();
    result.push({ prescription, lines: lines.filter(isLive).sort(byPosition) });
  }
  return result;
}

export async function diagnosesOf(db: ClinicDb, encounterId: string): Promise<LocalRow[]> {
  return (await db.rows('encounter_diagnoses').where('encounter_id').equals(encounterId).toArray())
    .filter(isLive)
    .sort(byPosition);
}

/** The ids of every row that belongs to the encounter (for its refused edits). */
export async function rowIdsOf(db: ClinicDb, encounterId: string): Promise<Set<string>> {
  const ids = new Set<string>([encounterId]);
  for (const { prescription, lines } of await prescriptionsOf(db, encounterId)) {
    ids.add(prescription.id);
    for (const line of lines) ids.add(line.id);
  }
  for (const table of ['encounter_diagnoses', 'certificates', 'referrals', 'encounter_addenda'] as const) {
    for (const row of await db.rows(table).where('encounter_id').equals(encounterId).toArray())
      ids.add(row.id);
  }
  for (const file of await db
    .rows('files')
    .where('[owner_table+owner_id]')
    .equals(['encounters', encounterId])
    .toArray())
    ids.add(file.id);
  return ids;
}
