import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { mutate } from '../../../engine/write-api.ts';
import type { LocalRow } from '../../../engine/local-records.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { useOpenOutboxRows } from '../../data/use-open-outbox-rows.ts';
import { Live, Empty } from '../../components/screen-states.tsx';
import { SyncMark } from '../../components/sync-mark.tsx';
import { formatDate, formatDateTime, formatPhone } from '../../i18n/format.ts';
import { formatAge, formatDocument } from '../clinical/patient-facts.ts';
import { formatSusCard } from '../../../core/canonical/sus-card.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { startEncounter } from '../encounters/start-encounter.ts';
import { OwnerFiles } from '../files/owner-files.tsx';
import { ClinicalOnly } from '../clinical/clinical-only.tsx';
import { SupersededHistory } from '../history/superseded-history.tsx';
import { RowRefusals } from '../../sync/row-refusals.tsx';
import { useTableAccess } from '../../auth/use-table-access.ts';
import { InvoiceAppointmentButton } from '../billing/invoice-appointment-button.tsx';

const text = (row: LocalRow, column: string): string => {
  const value = row[column];
  return typeof value === 'string' ? value : '';
};

const live = (row: LocalRow): boolean => row.deleted_at === null || row.deleted_at === undefined;

/** `/patients/:id`: the record, its appointments, encounters and files, and its sync state. */
export function PatientDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const db = useClinicDb();
  const patient = useLiveQuery(async () => (await db.rows('patients').get(id)) ?? null, [db, id]);
  return (
    <Live result={patient}>
      {(row) => (row ? <PatientDetail row={row} /> : <Empty>{t('common.notFound')}</Empty>)}
    </Live>
  );
}

function PatientDetail({ row }: { row: LocalRow }) {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const navigate = useNavigate();
  const location = useLocation();
  const marks = useOpenOutboxRows('patients');
  const [error, setError] = useState<string | null>(null);
  const justSaved = (location.state as { saved?: boolean } | null)?.saved === true;
  const deleted = !live(row);
  const access = useTableAccess('patients');

  async function remove() {
    if (!window.confirm(t('patients.confirmDelete', { name: text(row, 'full_name') }))) return;
    const result = await mutate(db, 'patients', 'delete', row.id);
    if (!result.ok) setError(`${result.error.code}: ${result.error.message}`);
    else void navigate('/patients');
  }

  const facts: [string, string][] = [
    [
      t('patients.documentNumber'),
      [text(row, 'document_type'), formatDocument(row['document_type'], row['document_id'])]
        .filter(Boolean)
        .join(' '),
    ],
    [
      t('patients.birthDate'),
      [formatDate(text(row, 'birth_date') || null, i18n.language), formatAge(t, row['birth_date'])]
        .filter(Boolean)
        .join(' · '),
    ],
    [t('patients.sex'), text(row, 'sex') ? t(`patients.sexes.${text(row, 'sex')}`) : ''],
    [t('patients.phone'), formatPhone(text(row, 'phone'))],
    [t('patients.email'), text(row, 'email')],
    [
      t('columns.insurance_name'),
      [text(row, 'insurance_name'), text(row, 'insurance_plan')].filter(Boolean).join(' · ') ||
        t('patients.noCoverage'),
    ],
    [t('columns.insurance_card_number'), text(row, 'insurance_card_number')],
    [t('columns.sus_card_number'), formatSusCard(text(row, 'sus_card_number'))],
    [t('patients.notes'), text(row, 'notes')],
  ];

  return (
    <section aria-labelledby="patient-title" data-testid="patient-detail">
      <div className="toolbar">
        <Link to="/patients" className="button button--small">
          ← {t('common.back')}
        </Link>
        <h1 id="patient-title" data-testid="patient-name">
          {text(row, 'full_name')}
        </h1>
        {formatAge(t, row['birth_date']) && (
          <span className="badge" data-testid="patient-age">
            {formatAge(t, row['birth_date'])}
          </span>
        )}
        <SyncMark mark={marks.get(row.id)} />
        {!marks.get(row.id) && row.rev > 0 && (
          <span className="badge badge--done" data-testid="row-synced">
            {t('sync.syncedBadge')}
          </span>
        )}
        <span
          className="header__spacer"
          data-testid="patient-actions"
          data-access={access.known ? 'known' : 'loading'}
        />
        {!deleted && access.write && (
          <>
            <Link className="button" to={`/patients/${row.id}/edit`} data-testid="patient-edit">
              {t('common.edit')}
            </Link>
            <button type="button" className="button button--danger" onClick={() => void remove()}>
              {t('common.delete')}
            </button>
          </>
        )}
      </div>
      {text(row, 'duplicate_reason') && (
        <p className="alert alert--info" data-testid="shared-cpf-reason-shown">
          {t('patients.sharedCpf.recorded', { reason: text(row, 'duplicate_reason') })}
        </p>
      )}
      {justSaved && marks.get(row.id) === 'pending' && (
        <p className="alert alert--info" role="status">
          {t('common.saved')}
        </p>
      )}
      <RowRefusals table="patients" rowId={row.id} editTo={`/patients/${row.id}/edit`} />
      {deleted && <p className="alert alert--warn">{t('patients.deleted')}</p>}
      {error && (
        <p className="alert alert--error" role="alert">
          {error}
        </p>
      )}
      <dl className="card form-grid">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt className="muted">{label}</dt>
            <dd style={{ margin: 0 }}>{value || '—'}</dd>
          </div>
        ))}
      </dl>
      <div className="columns">
        <PatientAppointments patientId={row.id} />
        <ClinicalOnly fallback={null}>
          <PatientEncounters patientId={row.id} />
        </ClinicalOnly>
        <PatientFiles patientId={row.id} />
      </div>
      <SupersededHistory table="patients" rowId={row.id} />
      <p className="muted">
        rev {row.rev} ·{' '}
        {t('patients.updatedAt', { when: formatDateTime(text(row, 'updated_at') || null, i18n.language) })}
      </p>
    </section>
  );
}

function PatientAppointments({ patientId }: { patientId: string }) {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const rows = useLiveQuery(
    () => db.rows('appointments').where('patient_id').equals(patientId).sortBy('starts_at'),
    [db, patientId],
  );
  return (
    <div>
      <h2>{t('patients.appointments')}</h2>
      <Live result={rows}>
        {(list) =>
          list.filter(live).length === 0 ? (
            <p className="muted">{t('patients.noAppointments')}</p>
          ) : (
            <ul>
              {list.filter(live).map((a) => (
                <li key={a.id}>
                  {formatDateTime(text(a, 'starts_at'), i18n.language)} ·{' '}
                  {t(`agenda.status.${text(a, 'status')}`)} <InvoiceAppointmentButton appointment={a} />
                </li>
              ))}
            </ul>
          )
        }
      </Live>
    </div>
  );
}

function PatientEncounters({ patientId }: { patientId: string }) {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const navigate = useNavigate();
  const { state } = useAuth();
  const [error, setError] = useState<string | null>(null);
  const rows = useLiveQuery(
    () => db.rows('encounters').where('patient_id').equals(patientId).sortBy('started_at'),
    [db, patientId],
  );
  async function start() {
    const result = await startEncounter(db, patientId, state.kind === 'signed-in' ? state.user.email : '');
    if (result.ok) void navigate(`/encounters/${result.id}`);
    else setError(`${result.code}: ${result.message}`);
  }
  return (
    <div>
      <h2>{t('patients.encounters')}</h2>
      <button
        type="button"
        className="button button--small"
        onClick={() => void start()}
        data-testid="start-encounter"
      >
        + {t('encounters.new')}
      </button>
      {error && <p className="alert alert--error">{error}</p>}
      <Live result={rows}>
        {(list) =>
          list.filter(live).length === 0 ? (
            <p className="muted">{t('patients.noEncounters')}</p>
          ) : (
            <ul>
              {list.filter(live).map((e) => (
                <li key={e.id}>
                  <Link to={`/encounters/${e.id}`}>
                    {formatDateTime(text(e, 'started_at'), i18n.language)}
                  </Link>
                  {text(e, 'signed_at') && ` · ${t('encounters.signed')}`}
                </li>
              ))}
            </ul>
          )
        }
      </Live>
    </div>
  );
}

function PatientFiles({ patientId }: { patientId: string }) {
  return <OwnerFiles ownerTable="patients" ownerId={patientId} />;
}
