import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { LocalRow } from '../../../engine/local-records.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { formatDate } from '../../i18n/format.ts';
import { ageOn, formatDocument, isLive } from '../clinical/patient-facts.ts';

/**
 * Who the encounter is about, as a clinician reads it before anything else: name, age, sex,
 * document, convênio, and the active allergies in red (or that none is recorded, which is not
 * the same as "no known allergies").
 */
export function PatientHeader({ patient }: { patient: LocalRow }) {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const allergies = useLiveQuery(
    async () =>
      (await db.rows('allergies').where('patient_id').equals(patient.id).toArray()).filter(
        (a) => isLive(a) && a['status'] === 'active',
      ),
    [db, patient.id],
  );
  const age = ageOn(patient['birth_date'], new Date());
  const sex = typeof patient['sex'] === 'string' ? t(`patients.sexes.${patient['sex']}`) : '';
  const document = formatDocument(patient['document_type'], patient['document_id']);
  const coverage = Array.isArray(patient['tags']) && patient['tags'].includes('convênio');
  return (
    <header className="patient-header card" data-testid="patient-header">
      <div className="patient-header__who">
        <Link to={`/patients/${patient.id}`} className="patient-header__name">
          {String(patient['full_name'] ?? '')}
        </Link>
        <span>
          {[
            age === null ? null : t('clinical.patient.age', { count: age }),
            sex,
            patient['birth_date'] ? formatDate(String(patient['birth_date']), i18n.language) : null,
            document ? `${String(patient['document_type'] ?? '')} ${document}` : null,
            coverage ? t('clinical.patient.coverageTagged') : t('clinical.patient.coverageNone'),
          ]
            .filter(Boolean)
            .join(' · ')}
        </span>
      </div>
      <div className="patient-header__allergies" data-testid="patient-allergies">
        {allergies.kind === 'ready' &&
          (allergies.value.length === 0 ? (
            <span className="muted">{t('clinical.allergies.noneRecorded')}</span>
          ) : (
            <>
              <strong className="allergy-label">{t('clinical.allergies.title')}:</strong>
              {allergies.value.map((allergy) => (
                <span key={allergy.id} className="allergy-chip" data-testid="allergy-chip">
                  {String(allergy['substance'])}
                  {allergy['severity'] && allergy['severity'] !== 'unknown'
                    ? ` (${t(`clinical.allergies.severities.${String(allergy['severity'])}`)})`
                    : ''}
                </span>
              ))}
            </>
          ))}
      </div>
    </header>
  );
}
