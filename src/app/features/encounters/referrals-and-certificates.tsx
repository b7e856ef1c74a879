import { editErrorText } from '../../sync/edit-error-text.ts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { LocalRow } from '../../../engine/local-records.ts';
import { mutate } from '../../../engine/write-api.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { formatDate } from '../../i18n/format.ts';
import { isLive } from '../clinical/patient-facts.ts';
import { diagnosesOf } from './encounter-parts.ts';

const urgencies = ['routine', 'priority', 'urgent'] as const;
const localToday = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** Referrals written in the encounter: to which specialty, why, how urgent; each prints. */
export function Referrals({
  encounter,
  me,
  readOnly,
}: {
  encounter: LocalRow;
  me: LocalRow;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const db = useClinicDb();
  const [specialty, setSpecialty] = useState('');
  const [referredTo, setReferredTo] = useState('');
  const [reason, setReason] = useState('');
  const [urgency, setUrgency] = useState<(typeof urgencies)[number]>('routine');
  const [error, setError] = useState<string | null>(null);
  const rows = useLiveQuery(
    async () =>
      (await db.rows('referrals').where('encounter_id').equals(encounter.id).toArray()).filter(isLive),
    [db, encounter.id],
  );

  async function add(event: FormEvent) {
    event.preventDefault();
    if (specialty.trim() === '') return setError(t('clinical.referrals.specialtyRequired'));
    const result = await mutate(db, 'referrals', 'insert', crypto.randomUUID(), {
      encounter_id: encounter.id,
      patient_id: encounter['patient_id'],
      professional_id: me.id,
      specialty: specialty.trim(),
      referred_to: referredTo.trim() || null,
      reason: reason.trim() || null,
      urgency,
      status: 'open',
    });
    if (!result.ok) return setError(editErrorText(t, result.error));
    setSpecialty('');
    setReferredTo('');
    setReason('');
    setError(null);
  }

  const list = rows.kind === 'ready' ? rows.value : [];
  return (
    <section aria-labelledby="referrals-title" className="encounter-block" data-testid="referrals">
      <h2 id="referrals-title">{t('clinical.referrals.title')}</h2>
      {list.length === 0 && <p className="muted">{t('clinical.referrals.none')}</p>}
      <ul className="plain-list">
        {list.map((row) => (
          <li key={row.id}>
            <strong>{String(row['specialty'])}</strong>
            {row['referred_to'] ? ` — ${String(row['referred_to'])}` : ''} ·{' '}
            {t(`values.${String(row['urgency'])}`)}{' '}
            <Link className="button button--small" to={`/documents/referral/${row.id}`}>
              {t('clinical.documents.print')}
            </Link>{' '}
            {!readOnly && (
              <button
                type="button"
                className="button button--small"
                onClick={() => void mutate(db, 'referrals', 'delete', row.id)}
              >
                {t('common.delete')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {!readOnly && (
        <form className="compact-form compact-form--row" onSubmit={(e) => void add(e)}>
          <label className="field">
            <span>{t('clinical.referrals.specialty')}</span>
            <input value={specialty} onChange={(e) => setSpecialty(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('clinical.referrals.referredTo')}</span>
            <input value={referredTo} onChange={(e) => setReferredTo(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('clinical.referrals.reason')}</span>
            <input value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('clinical.referrals.urgency')}</span>
            <select
              value={urgency}
              onChange={(e) => setUrgency(e.target.value as (typeof urgencies)[number])}
            >
              {urgencies.map((u) => (
                <option key={u} value={u}>
                  {t(`values.${u}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button button--small">
            + {t('clinical.referrals.add')}
          </button>
          {error && (
            <p className="field__error" role="alert">
              {error}
            </p>
          )}
        </form>
      )}
    </section>
  );
}

/** Medical certificates (atestados): a sick leave of some days, or a statement of attendance. */
export function Certificates({
  encounter,
  me,
  readOnly,
}: {
  encounter: LocalRow;
  me: LocalRow;
  readOnly: boolean;
}) {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const [kind, setKind] = useState<'sick_leave' | 'attendance'>('sick_leave');
  const [startsOn, setStartsOn] = useState(localToday);
  const [days, setDays] = useState('1');
  const [withCid, setWithCid] = useState(false);
  const [remarks, setRemarks] = useState('');
  const [error, setError] = useState<string | null>(null);
  const rows = useLiveQuery(
    async () =>
      (await db.rows('certificates').where('encounter_id').equals(encounter.id).toArray()).filter(isLive),
    [db, encounter.id],
  );

  async function add(event: FormEvent) {
    event.preventDefault();
    const count = Number(days);
    if (kind === 'sick_leave' && !(Number.isInteger(count) && count >= 1 && count <= 365))
      return setError(t('clinical.certificates.daysInvalid'));
    const main = (await diagnosesOf(db, encounter.id))[0];
    if (withCid && !main) return setError(t('clinical.certificates.noDiagnosis'));
    const result = await mutate(db, 'certificates', 'insert', crypto.randomUUID(), {
      encounter_id: encounter.id,
      patient_id: encounter['patient_id'],
      professional_id: me.id,
      kind,
      issued_at: new Date().toISOString(),
      starts_on: startsOn || null,
      days: kind === 'sick_leave' ? count : null,
      cid_code: withCid && main ? main['code'] : null,
      remarks: remarks.trim() || null,
    });
    if (!result.ok) return setError(editErrorText(t, result.error));
    setRemarks('');
    setError(null);
  }

  const list = rows.kind === 'ready' ? rows.value : [];
  return (
    <section aria-labelledby="certificates-title" className="encounter-block" data-testid="certificates">
      <h2 id="certificates-title">{t('clinical.certificates.title')}</h2>
      {list.length === 0 && <p className="muted">{t('clinical.certificates.none')}</p>}
      <ul className="plain-list">
        {list.map((row) => (
          <li key={row.id}>
            <strong>{t(`clinical.certificates.kinds.${String(row['kind'])}`)}</strong>
            {row['days'] ? ` · ${t('clinical.certificates.daysCount', { count: Number(row['days']) })}` : ''}
            {row['starts_on'] ? ` · ${formatDate(String(row['starts_on']), i18n.language)}` : ''}{' '}
            <Link className="button button--small" to={`/documents/certificate/${row.id}`}>
              {t('clinical.documents.print')}
            </Link>{' '}
            {!readOnly && (
              <button
                type="button"
                className="button button--small"
                onClick={() => void mutate(db, 'certificates', 'delete', row.id)}
              >
                {t('common.delete')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {!readOnly && (
        <form className="compact-form compact-form--row" onSubmit={(e) => void add(e)}>
          <label className="field">
            <span>{t('clinical.certificates.kind')}</span>
            <select
              value={kind}
              onChange={(e) => setKind(e.target.value === 'attendance' ? 'attendance' : 'sick_leave')}
            >
              <option value="sick_leave">{t('clinical.certificates.kinds.sick_leave')}</option>
              <option value="attendance">{t('clinical.certificates.kinds.attendance')}</option>
            </select>
          </label>
          <label className="field">
            <span>{t('clinical.certificates.startsOn')}</span>
            <input type="date" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} />
          </label>
          {kind === 'sick_leave' && (
            <label className="field">
              <span>{t('clinical.certificates.days')}</span>
              <input type="number" min={1} max={365} value={days} onChange={(e) => setDays(e.target.value)} />
            </label>
          )}
          <label className="field field--check">
            <input type="checkbox" checked={withCid} onChange={(e) => setWithCid(e.target.checked)} />
            <span>{t('clinical.certificates.withCid')}</span>
          </label>
          <label className="field">
            <span>{t('clinical.certificates.remarks')}</span>
            <input value={remarks} onChange={(e) => setRemarks(e.target.value)} />
          </label>
          <button type="submit" className="button button--small">
            + {t('clinical.certificates.add')}
          </button>
          {error && (
            <p className="field__error" role="alert">
              {error}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
