import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { LocalRow } from '../../../engine/local-records.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { Live, Empty } from '../../components/screen-states.tsx';
import { formatDate, formatRelative, formatTime } from '../../i18n/format.ts';
import { useNow } from '../../sync/use-now.ts';
import { useCurrentProfile, isClinical } from '../clinical/current-profile.ts';
import { ClinicalOnly } from '../clinical/clinical-only.tsx';
import { ageOn, isLive } from '../clinical/patient-facts.ts';
import { dayBounds, dayEntries, waitingList, type DayEntry } from './day-list.ts';
import { checkIn, startEncounterFor } from './day-actions.ts';

/** Unsigned encounters listed beside the day; the rest are counted. */
const shownUnsigned = 8;

interface DayData {
  readonly entries: DayEntry[];
  readonly patients: ReadonlyMap<string, LocalRow>;
  readonly names: ReadonlyMap<string, string>;
  readonly openEncounters: LocalRow[];
}

/**
 * `/my-day`, where doctors and nurses start: today's appointments of the signed-in professional
 * with their status, who is waiting (in order of arrival), the encounters left unsigned, and one
 * action per patient to start, continue or view the encounter.
 */
export function MyDayPage() {
  const { t } = useTranslation();
  const profile = useCurrentProfile();
  return (
    <Live result={profile}>
      {(me) =>
        !me ? (
          <Empty>{t('clinical.myDay.noProfile')}</Empty>
        ) : isClinical(me) ? (
          <MyDay me={me} />
        ) : (
          <ClinicalOnly>{null}</ClinicalOnly>
        )
      }
    </Live>
  );
}

function MyDay({ me }: { me: LocalRow }) {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const now = useNow(30_000);
  const today = new Date(now);
  const bounds = dayBounds(today);
  const [scope, setScope] = useState<'mine' | 'all'>('mine');
  const data = useLiveQuery(async (): Promise<DayData> => {
    const appointments = await db
      .rows('appointments')
      .where('starts_at')
      // A day's margin each side: stored times mix `Z` and `+00:00` forms, which sort apart as
      // text; dayEntries keeps exactly the day by parsed time.
      .between(
        new Date(bounds.from - 86_400_000).toISOString(),
        new Date(bounds.to + 86_400_000).toISOString(),
      )
      .toArray();
    const scoped =
      scope === 'mine' ? appointments.filter((a) => a['professional_id'] === me.id) : appointments;
    const encounters = await db
      .rows('encounters')
      .where('appointment_id')
      .anyOf(scoped.map((a) => a.id))
      .toArray();
    const openEncounters = (await db.rows('encounters').where('professional_id').equals(me.id).toArray())
      .filter((e) => isLive(e) && !e['signed_at'])
      .sort((a, b) => String(b['started_at']).localeCompare(String(a['started_at'])));
    const patientIds = [...new Set([...scoped, ...openEncounters].map((r) => String(r['patient_id'])))];
    const patients = new Map(
      (await db.rows('patients').bulkGet(patientIds))
        .filter((p): p is LocalRow => p !== undefined)
        .map((p) => [p.id, p]),
    );
    const names = new Map<string, string>();
    for (const row of [...(await db.rows('profiles').toArray()), ...(await db.rows('rooms').toArray())])
      names.set(row.id, String(row['full_name'] ?? row['name'] ?? ''));
    return { entries: dayEntries(scoped, encounters, bounds), patients, names, openEncounters };
  }, [db, me.id, bounds.from, bounds.to, scope]);

  return (
    <section aria-labelledby="my-day-title" className="my-day" data-testid="my-day">
      <div className="toolbar">
        <h1 id="my-day-title">{t('clinical.myDay.title')}</h1>
        <span className="muted">
          {formatDate(today.toISOString(), i18n.language)} · {String(me['full_name'] ?? '')}
        </span>
        <span className="header__spacer" />
        <select
          aria-label={t('clinical.myDay.scope')}
          value={scope}
          onChange={(e) => setScope(e.target.value === 'all' ? 'all' : 'mine')}
        >
          <option value="mine">{t('clinical.myDay.mine')}</option>
          <option value="all">{t('clinical.myDay.all')}</option>
        </select>
      </div>
      <Live result={data}>
        {(value) => (
          <div className="my-day__grid">
            <div>
              <h2>{t('clinical.myDay.waiting')}</h2>
              <WaitingList data={value} me={me} now={now} />
              <h2>{t('clinical.myDay.appointments')}</h2>
              {value.entries.length === 0 ? (
                <Empty>{t('clinical.myDay.noAppointments')}</Empty>
              ) : (
                <ol className="day-list" data-testid="day-list">
                  {value.entries.map((entry) => (
                    <DayRow key={entry.appointment.id} entry={entry} data={value} me={me} />
                  ))}
                </ol>
              )}
            </div>
            <aside aria-labelledby="open-encounters-title">
              <h2 id="open-encounters-title">{t('clinical.myDay.unsigned')}</h2>
              {value.openEncounters.length === 0 ? (
                <p className="muted">{t('clinical.myDay.noUnsigned')}</p>
              ) : (
                <ul className="plain-list" data-testid="unsigned-encounters">
                  {value.openEncounters.slice(0, shownUnsigned).map((encounter) => (
                    <li key={encounter.id}>
                      <Link to={`/encounters/${encounter.id}`}>
                        {String(value.patients.get(String(encounter['patient_id']))?.['full_name'] ?? '—')}
                      </Link>{' '}
                      <span className="muted">
                        {formatRelative(Date.parse(String(encounter['started_at'])), now, i18n.language)}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
              {value.openEncounters.length > shownUnsigned && (
                <p className="muted">
                  {t('clinical.myDay.moreUnsigned', { count: value.openEncounters.length - shownUnsigned })}
                </p>
              )}
            </aside>
          </div>
        )}
      </Live>
    </section>
  );
}

function WaitingList({ data, me, now }: { data: DayData; me: LocalRow; now: number }) {
  const { t, i18n } = useTranslation();
  const waiting = waitingList(data.entries);
  if (waiting.length === 0) return <p className="muted">{t('clinical.myDay.nobodyWaiting')}</p>;
  return (
    <ol className="waiting-list" data-testid="waiting-list">
      {waiting.map((entry) => {
        const patient = data.patients.get(String(entry.appointment['patient_id']));
        const since = entry.appointment['checked_in_at'];
        return (
          <li key={entry.appointment.id} className="waiting-list__item" data-testid="waiting-patient">
            <span>
              <strong>{String(patient?.['full_name'] ?? '—')}</strong>{' '}
              <span className="muted">
                {typeof since === 'string'
                  ? t('clinical.myDay.waitingSince', {
                      when: formatTime(since, i18n.language),
                      ago: formatRelative(Date.parse(since), now, i18n.language),
                    })
                  : t('clinical.myDay.arrived')}
              </span>
            </span>
            <EntryAction entry={entry} me={me} />
          </li>
        );
      })}
    </ol>
  );
}

function DayRow({ entry, data, me }: { entry: DayEntry; data: DayData; me: LocalRow }) {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const { appointment } = entry;
  const patient = data.patients.get(String(appointment['patient_id']));
  const status = String(appointment['status']);
  const age = ageOn(patient?.['birth_date'], new Date());
  const canCheckIn = status === 'scheduled' || status === 'confirmed';
  return (
    <li className="day-list__item" data-status={status} data-testid="day-entry">
      <span className="day-list__time">{formatTime(String(appointment['starts_at']), i18n.language)}</span>
      <span className="day-list__who">
        {patient ? <Link to={`/patients/${patient.id}`}>{String(patient['full_name'])}</Link> : '—'}
        <span className="muted">
          {[
            age === null ? null : t('clinical.patient.age', { count: age }),
            data.names.get(String(appointment['room_id'])),
            appointment['professional_id'] === me.id
              ? null
              : data.names.get(String(appointment['professional_id'])),
          ]
            .filter(Boolean)
            .join(' · ')}
        </span>
      </span>
      <span className={`badge badge--status-${status}`}>{t(`agenda.status.${status}`)}</span>
      <span className="day-list__actions">
        {canCheckIn && (
          <button
            type="button"
            className="button button--small"
            onClick={() => void checkIn(db, appointment)}
            data-testid="check-in"
          >
            {t('clinical.myDay.checkIn')}
          </button>
        )}
        <EntryAction entry={entry} me={me} />
      </span>
    </li>
  );
}

function EntryAction({ entry, me }: { entry: DayEntry; me: LocalRow }) {
  const { t } = useTranslation();
  const db = useClinicDb();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  if (entry.action === 'none') return null;
  if (entry.action !== 'start') {
    return (
      <Link
        className={`button button--small${entry.action === 'continue' ? ' button--primary' : ''}`}
        to={`/encounters/${entry.encounter?.id ?? ''}`}
        data-testid={`encounter-${entry.action}`}
      >
        {t(`clinical.myDay.${entry.action}`)}
      </Link>
    );
  }
  async function start() {
    const result = await startEncounterFor(db, entry.appointment, me);
    if (result.ok) void navigate(`/encounters/${result.encounterId}`);
    else setError(t('clinical.myDay.startFailed', { reason: result.message }));
  }
  return (
    <>
      <button
        type="button"
        className="button button--small button--primary"
        onClick={() => void start()}
        data-testid="encounter-start"
      >
        {t('clinical.myDay.start')}
      </button>
      {error && (
        <span className="field__error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
