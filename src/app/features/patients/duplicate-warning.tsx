import { useDeferredValue, useMemo } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useThrottledTable } from '../../data/use-throttled-table.ts';
import { findDuplicateCandidates } from './duplicate-candidates.ts';
import type { PatientForm } from './patient-validation.ts';

/** Shown above the patient form while what is typed matches someone already registered. */
export function DuplicateWarning({ form, selfId }: { form: PatientForm; selfId: string | null }) {
  const { t } = useTranslation();
  const patients = useThrottledTable('patients');
  const probe = useDeferredValue(form);
  const candidates = useMemo(
    () => (patients.kind === 'ready' ? findDuplicateCandidates(probe, patients.value, selfId) : []),
    [patients, probe, selfId],
  );
  if (candidates.length === 0) return null;
  return (
    <div className="alert alert--warn" role="status" aria-live="polite" data-testid="duplicate-warning">
      <strong>{t('patients.duplicateWarning')}</strong>
      <ul>
        {candidates.map(({ patient, reasons }) => (
          <li key={patient.id} data-reason={reasons.join(' ')}>
            {String(patient['full_name'] ?? '')} —{' '}
            {reasons.map((reason) => t(`patients.duplicateReason.${reason}`)).join(', ')} ·{' '}
            <Link to={`/patients/${patient.id}`}>{t('patients.openExisting')}</Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
