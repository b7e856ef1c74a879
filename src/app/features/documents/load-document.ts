import type { TFunction } from 'i18next';
import type { ClinicDb } from '../../../engine/local-db.ts';
import type { LocalRow } from '../../../engine/local-records.ts';
import { isLive } from '../clinical/patient-facts.ts';
import { diagnosesOf, prescriptionsOf } from '../encounters/encounter-parts.ts';
import type { DocumentKind, PrintableDocument } from './document-model.ts';
import type { DocumentSources } from './document-sources.ts';
import { prescriptionDocument } from './prescription-document.ts';
import { summaryDocument } from './summary-document.ts';
import { referralDocument } from './referral-document.ts';
import { certificateDocument } from './certificate-document.ts';

const byPosition = (a: LocalRow, b: LocalRow) => Number(a['position'] ?? 0) - Number(b['position'] ?? 0);

async function sourcesFor(
  db: ClinicDb,
  t: TFunction,
  language: string,
  ids: { patient: unknown; professional: unknown; branch: unknown },
): Promise<DocumentSources> {
  const get = async (table: 'patients' | 'profiles' | 'branches', id: unknown) =>
    typeof id === 'string' ? await db.rows(table).get(id) : undefined;
  const professional = await get('profiles', ids.professional);
  const branch = (await get('branches', ids.branch)) ?? (await get('branches', professional?.['branch_id']));
  return { t, language, patient: await get('patients', ids.patient), professional, branch };
}

/**
 * Reads what a document needs from the device and builds it (no network: printing works offline).
 * undefined when the record is not on this device (deleted, never pulled, or not for this role).
 */
export async function loadDocument(
  db: ClinicDb,
  kind: DocumentKind,
  id: string,
  t: TFunction,
  language: string,
): Promise<PrintableDocument | undefined> {
  switch (kind) {
    case 'prescription': {
      const prescription = await db.rows('prescriptions').get(id);
      if (!prescription || !isLive(prescription)) return undefined;
      const encounter = await db.rows('encounters').get(String(prescription['encounter_id']));
      const lines = (await db.rows('prescription_items').where('prescription_id').equals(id).toArray())
        .filter(isLive)
        .sort(byPosition);
      const sources = await sourcesFor(db, t, language, {
        patient: prescription['patient_id'],
        professional: prescription['professional_id'],
        branch: encounter?.['branch_id'],
      });
      return prescriptionDocument(sources, prescription, lines);
    }
    case 'summary': {
      const encounter = await db.rows('encounters').get(id);
      if (!encounter || !isLive(encounter)) return undefined;
      const sources = await sourcesFor(db, t, language, {
        patient: encounter['patient_id'],
        professional: encounter['signed_by'] ?? encounter['professional_id'],
        branch: encounter['branch_id'],
      });
      const addendaRows = (await db.rows('encounter_addenda').where('encounter_id').equals(id).toArray())
        .filter(isLive)
        .sort((a, b) => String(a['written_at']).localeCompare(String(b['written_at'])));
      const addenda = [];
      for (const row of addendaRows)
        addenda.push({ row, author: await db.rows('profiles').get(String(row['author_id'])) });
      const allergies = (
        await db.rows('allergies').where('patient_id').equals(String(encounter['patient_id'])).toArray()
      ).filter(isLive);
      return summaryDocument(sources, {
        encounter,
        diagnoses: await diagnosesOf(db, id),
        prescriptions: await prescriptionsOf(db, id),
        allergies,
        addenda,
      });
    }
    case 'referral': {
      const referral = await db.rows('referrals').get(id);
      if (!referral || !isLive(referral)) return undefined;
      const encounterId = referral['encounter_id'];
      const encounter =
        typeof encounterId === 'string' ? await db.rows('encounters').get(encounterId) : undefined;
      const sources = await sourcesFor(db, t, language, {
        patient: referral['patient_id'],
        professional: referral['professional_id'],
        branch: encounter?.['branch_id'],
      });
      return referralDocument(sources, referral, encounter ? await diagnosesOf(db, encounter.id) : []);
    }
    case 'certificate': {
      const certificate = await db.rows('certificates').get(id);
      if (!certificate || !isLive(certificate)) return undefined;
      const encounter = await db.rows('encounters').get(String(certificate['encounter_id']));
      const sources = await sourcesFor(db, t, language, {
        patient: certificate['patient_id'],
        professional: certificate['professional_id'],
        branch: encounter?.['branch_id'],
      });
      return certificateDocument(sources, certificate, encounter);
    }
  }
}
