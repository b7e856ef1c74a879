import { editErrorText } from '../../sync/edit-error-text.ts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalRow } from '../../../engine/local-records.ts';
import { mutate } from '../../../engine/write-api.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { isLive } from '../clinical/patient-facts.ts';
import { formatDate } from '../../i18n/format.ts';

const todayIso = () => {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
};

/** Medications the patient takes now (one row each); stopping one dates its end, keeping it. */
export function MedicationsPanel({ patientId, me }: { patientId: string; me: LocalRow }) {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const [medication, setMedication] = useState('');
  const [dosage, setDosage] = useState('');
  const [frequency, setFrequency] = useState('');
  const [error, setError] = useState<string | null>(null);
  const rows = useLiveQuery(
    async () =>
      (await db.rows('patient_medications').where('patient_id').equals(patientId).toArray())
        .filter(isLive)
        .sort((a, b) => String(a['medication']).localeCompare(String(b['medication']))),
    [db, patientId],
  );
  const today = todayIso();
  const current = (rows.kind === 'ready' ? rows.value : []).filter(
    (row) => typeof row['ended_on'] !== 'string' || String(row['ended_on']) >= today,
  );

  async function add(event: FormEvent) {
    event.preventDefault();
    if (medication.trim() === '') return setError(t('clinical.medications.drugRequired'));
    const result = await mutate(db, 'patient_medications', 'insert', crypto.randomUUID(), {
      patient_id: patientId,
      medication: medication.trim(),
      dosage: dosage.trim() || null,
      frequency: frequency.trim() || null,
      started_on: today,
      noted_by: me.id,
    });
    if (!result.ok) return setError(editErrorText(t, result.error));
    setMedication('');
    setDosage('');
    setFrequency('');
    setError(null);
  }

  async function stop(row: LocalRow) {
    if (!window.confirm(t('clinical.medications.confirmStop', { drug: String(row['medication']) }))) return;
    await mutate(db, 'patient_medications', 'update', row.id, { ended_on: today });
  }

  return (
    <section aria-labelledby="medications-title" className="side-card" data-testid="medications-panel">
      <h2 id="medications-title">{t('clinical.medications.title')}</h2>
      {current.length === 0 ? (
        <p className="muted">{t('clinical.medications.none')}</p>
      ) : (
        <ul className="plain-list">
          {current.map((row) => (
            <li key={row.id} data-testid="medication-row">
              <strong>{String(row['medication'])}</strong>
              {[row['presentation'], row['dosage'], row['frequency']]
                .filter((v) => typeof v === 'string' && v !== '')
                .map((v) => ` · ${String(v)}`)
                .join('')}
              {typeof row['started_on'] === 'string' && (
                <span className="muted">
                  {' '}
                  {t('clinical.medications.since', {
                    when: formatDate(String(row['started_on']), i18n.language),
                  })}
                </span>
              )}{' '}
              <button type="button" className="button button--small" onClick={() => void stop(row)}>
                {t('clinical.medications.stop')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <details className="add-details">
        <summary>{t('clinical.medications.add')}</summary>
        <form
          className="compact-form"
          onSubmit={(e) => void add(e)}
          aria-label={t('clinical.medications.add')}
        >
          <label className="field">
            <span>{t('clinical.prescriptions.fields.medication')}</span>
            <input value={medication} onChange={(e) => setMedication(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('clinical.prescriptions.fields.dosage')}</span>
            <input value={dosage} onChange={(e) => setDosage(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('clinical.prescriptions.fields.frequency')}</span>
            <input value={frequency} onChange={(e) => setFrequency(e.target.value)} />
          </label>
          <button type="submit" className="button button--small">
            + {t('clinical.medications.add')}
          </button>
          {error && (
            <p className="field__error" role="alert">
              {error}
            </p>
          )}
        </form>
      </details>
    </section>
  );
}
