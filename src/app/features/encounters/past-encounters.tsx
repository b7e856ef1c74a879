import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { LocalRow } from '../../../engine/local-records.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { formatDate } from '../../i18n/format.ts';
import { isLive } from '../clinical/patient-facts.ts';
import { diagnosesOf, prescriptionsOf } from './encounter-parts.ts';
import { asRecord, textSections } from './record-sections.ts';
import { lineSummary } from '../documents/prescription-lines.ts';
import { registrationOf } from './signature.ts';

/** The patient's other encounters, newest first; each opens in place, read-only. */
export function PastEncounters({ patientId, currentId }: { patientId: string; currentId: string }) {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const [open, setOpen] = useState<string | null>(null);
  const rows = useLiveQuery(
    async () =>
      (await db.rows('encounters').where('patient_id').equals(patientId).toArray())
        .filter((row) => isLive(row) && row.id !== currentId)
        .sort((a, b) => String(b['started_at']).localeCompare(String(a['started_at']))),
    [db, patientId, currentId],
  );
  const list = rows.kind === 'ready' ? rows.value : [];
  return (
    <section aria-labelledby="past-encounters-title" className="side-card" data-testid="past-encounters">
      <h2 id="past-encounters-title">{t('clinical.past.title')}</h2>
      {list.length === 0 ? (
        <p className="muted">{t('clinical.past.none')}</p>
      ) : (
        <ul className="plain-list">
          {list.slice(0, 20).map((row) => (
            <li key={row.id}>
              <button
                type="button"
                className="link-button"
                aria-expanded={open === row.id}
                onClick={() => setOpen(open === row.id ? null : row.id)}
                data-testid="past-encounter"
              >
                {formatDate(String(row['started_at']), i18n.language)} —{' '}
                {summaryLine(row) || t('clinical.past.empty')}
              </button>
              {!row['signed_at'] && <span className="badge">{t('clinical.past.unsigned')}</span>}
              {open === row.id && <PastEncounter row={row} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function summaryLine(row: LocalRow): string {
  const record = asRecord(row['record']);
  const diagnosis = record['diagnosis'];
  return typeof diagnosis === 'string' ? diagnosis.slice(0, 80) : '';
}

function PastEncounter({ row }: { row: LocalRow }) {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const record = asRecord(row['record']);
  const parts = useLiveQuery(
    async () => ({
      diagnoses: await diagnosesOf(db, row.id),
      prescriptions: await prescriptionsOf(db, row.id),
      signer: row['signed_by'] ? await db.rows('profiles').get(String(row['signed_by'])) : undefined,
    }),
    [db, row.id],
  );
  return (
    <div className="past-encounter" data-testid="past-encounter-detail">
      {textSections.map((section) =>
        typeof record[section] === 'string' && record[section] !== '' ? (
          <p key={section}>
            <strong>{t(`encounters.sections.${section}`)}:</strong> {String(record[section])}
          </p>
        ) : null,
      )}
      {parts.kind === 'ready' && parts.value.diagnoses.length > 0 && (
        <p>
          <strong>{t('clinical.diagnoses.title')}:</strong>{' '}
          {parts.value.diagnoses.map((d) => `${String(d['code'])} ${String(d['description'])}`).join('; ')}
        </p>
      )}
      {parts.kind === 'ready' &&
        parts.value.prescriptions.map(({ prescription, lines }) => (
          <div key={prescription.id}>
            <strong>{t('encounters.sections.prescriptions')}:</strong>
            <ul>
              {lines.map((line) => (
                <li key={line.id}>{lineSummary(line, t)}</li>
              ))}
            </ul>
          </div>
        ))}
      {typeof row['signed_at'] === 'string' && parts.kind === 'ready' && (
        <p className="muted">
          {t('clinical.sign.signedBy', {
            who: [String(parts.value.signer?.['full_name'] ?? '—'), registrationOf(parts.value.signer)]
              .filter(Boolean)
              .join(' · '),
            when: formatDate(String(row['signed_at']), i18n.language),
          })}
        </p>
      )}
      <Link to={`/encounters/${row.id}`} className="button button--small">
        {t('clinical.past.open')}
      </Link>
    </div>
  );
}
