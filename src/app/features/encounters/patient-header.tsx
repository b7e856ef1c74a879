import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { LocalRow } from '../../../engine/local-records.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { formatDate } from '../../i18n/format.ts';
import { formatAge, formatDocument, isLive } from '../clinical/patient-facts.ts';
import { formatSusCard } from '../../../core/canonical/sus-card.ts';

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
  const age = formatAge(t, patient['birth_date']);
  const sex = typeof patient['sex'] === 'string' ? t(`patients.sexes.${patient['sex']}`) : '';
  const document = formatDocument(patient['document_type'], patient['document_id']);
  const text = (column: string) => (typeof patient[column] === 'string' ? String(patient[column]) : '');
  const insurance = [text('insurance_name'), text('insurance_plan')].filter(Boolean).join(' ');
  const sus = text('sus_card_number');
  return (
    <header className="patient-header card" data-testid="patient-header">
      <div className="patient-header__who">
        <Link to={`/patients/${patient.id}`} className="patient-header__name">
          {String(patient['full_name'] ?? '')}
        </Link>
        <span>
          {[
            age || null,
            sex,
            patient['birth_date'] ? formatDate(String(patient['birth_date']), i18n.language) : null,
            document ? `${String(patient['document_type'] ?? '')} ${document}` : null,
            insurance || t('clinical.patient.coverageNone'),
            sus ? `${t('columns.sus_card_number')} ${formatSusCard(sus)}` : null,
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
