import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { mutate } from '../../../engine/write-api.ts';
import type { LocalRow } from '../../../engine/local-records.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { recordLabel } from '../../data/record-label.ts';
import { Live, Empty } from '../../components/screen-states.tsx';
import { formatTime } from '../../i18n/format.ts';
import { findDoubleBookings, type Clash } from './double-booking.ts';
import { checkIn } from '../my-day/day-actions.ts';
import { doubleBookedText } from './double-booked-text.ts';
import {
  addDays,
  agendaDays,
  localDateInput,
  parseDateInput,
  startOfLocalDay,
  type AgendaView,
} from './agenda-range.ts';

type GroupBy = 'professional' | 'room';

interface AgendaData {
  readonly appointments: LocalRow[];
  readonly names: ReadonlyMap<string, string>;
  readonly professionals: LocalRow[];
  readonly rooms: LocalRow[];
}

const live = (row: LocalRow) => !row.deleted_at;

/** `/agenda`: day or week, by professional or room, with double bookings flagged on every side. */
export function AgendaPage() {
  const { t } = useTranslation();
  const db = useClinicDb();
  const [anchor, setAnchor] = useState(() => startOfLocalDay(new Date()));
  const [view, setView] = useState<AgendaView>('day');
  const [groupBy, setGroupBy] = useState<GroupBy>('professional');
  const [focus, setFocus] = useState('');
  const days = useMemo(() => agendaDays(anchor, view), [anchor, view]);
  const from = days[0]?.getTime() ?? 0;
  const to = addDays(days[days.length - 1] ?? anchor, 1).getTime();

  const data = useLiveQuery(async (): Promise<AgendaData> => {
    const appointments = await db
      .rows('appointments')
      .filter((row) => {
        const start = Date.parse(String(row['starts_at']));
        return live(row) && start >= from - 86_400_000 && start < to + 86_400_000;
      })
      .toArray();
    const professionals = (await db.rows('profiles').toArray()).filter(
      (p) => live(p) && (p['role'] === 'doctor' || p['role'] === 'nurse'),
    );
    const rooms = (await db.rows('rooms').toArray()).filter(live);
    const patientIds = [...new Set(appointments.map((a) => String(a['patient_id'])))];
    const patients = await db.rows('patients').bulkGet(patientIds);
    const names = new Map<string, string>();
    for (const row of [...professionals, ...rooms, ...patients.filter((p): p is LocalRow => p !== undefined)])
      names.set(row.id, recordLabel(row));
    return { appointments, names, professionals, rooms };
  }, [db, from, to]);

  const shift = (direction: number) =>
    setAnchor((current) => addDays(current, direction * (view === 'day' ? 1 : 7)));
  return (
    <section aria-labelledby="agenda-title">
      <div className="toolbar">
        <h1 id="agenda-title">{t('agenda.title')}</h1>
        <span className="header__spacer" />
        <Link className="button button--primary" to="/data/appointments/new">
          + {t('agenda.new')}
        </Link>
      </div>
      <div className="toolbar" role="group" aria-label={t('agenda.controls')}>
        <button type="button" className="button" onClick={() => shift(-1)} aria-label={t('agenda.previous')}>
          ‹
        </button>
        <label className="field">
          <span className="visually-hidden">{t('agenda.date')}</span>
          <input
            type="date"
            aria-label={t('agenda.date')}
            value={localDateInput(anchor)}
            onChange={(e) => setAnchor(parseDateInput(e.target.value) ?? anchor)}
          />
        </label>
        <button type="button" className="button" onClick={() => shift(1)} aria-label={t('agenda.next')}>
          ›
        </button>
        <button type="button" className="button" onClick={() => setAnchor(startOfLocalDay(new Date()))}>
          {t('agenda.today')}
        </button>
        <select
          aria-label={t('agenda.view')}
          value={view}
          onChange={(e) => setView(e.target.value === 'week' ? 'week' : 'day')}
        >
          <option value="day">{t('agenda.day')}</option>
          <option value="week">{t('agenda.week')}</option>
        </select>
        <select
          aria-label={t('agenda.groupBy')}
          value={groupBy}
          onChange={(e) => {
            setGroupBy(e.target.value === 'room' ? 'room' : 'professional');
            setFocus('');
          }}
        >
          <option value="professional">{t('agenda.byProfessional')}</option>
          <option value="room">{t('agenda.byRoom')}</option>
        </select>
        <Live result={data}>
          {(value) => (
            <select
              aria-label={groupBy === 'room' ? t('columns.room_id') : t('columns.professional_id')}
              value={focus}
              onChange={(e) => setFocus(e.target.value)}
            >
              <option value="">{t('agenda.all')}</option>
              {(groupBy === 'room' ? value.rooms : value.professionals).map((row) => (
                <option key={row.id} value={row.id}>
                  {recordLabel(row)}
                </option>
              ))}
            </select>
          )}
        </Live>
      </div>
      <Live result={data}>
        {(value) => <AgendaGrid data={value} days={days} view={view} groupBy={groupBy} focus={focus} />}
      </Live>
    </section>
  );
}

interface GridProps {
  readonly data: AgendaData;
  readonly days: readonly Date[];
  readonly view: AgendaView;
  readonly groupBy: GroupBy;
  readonly focus: string;
}

function AgendaGrid({ data, days, view, groupBy, focus }: GridProps) {
  const { t, i18n } = useTranslation();
  const clashes = useMemo(() => findDoubleBookings(data.appointments), [data.appointments]);
  const groupKey = groupBy === 'room' ? 'room_id' : 'professional_id';
  const inDay = (row: LocalRow, day: Date) => {
    const start = Date.parse(String(row['starts_at']));
    return start >= day.getTime() && start < addDays(day, 1).getTime();
  };
  const sorted = [...data.appointments]
    .filter((row) => !focus || row[groupKey] === focus)
    .sort((a, b) => String(a['starts_at']).localeCompare(String(b['starts_at'])));
  const columns: { key: string; title: string; rows: LocalRow[] }[] =
    view === 'week'
      ? days.map((day) => ({
          key: day.toISOString(),
          title: new Intl.DateTimeFormat(i18n.language, {
            weekday: 'short',
            day: '2-digit',
            month: '2-digit',
          }).format(day),
          rows: sorted.filter((row) => inDay(row, day)),
        }))
      : (groupBy === 'room' ? data.rooms : data.professionals)
          .filter((group) => !focus || group.id === focus)
          .map((group) => ({
            key: group.id,
            title: recordLabel(group),
            rows: sorted.filter((row) => row[groupKey] === group.id && days[0] && inDay(row, days[0])),
          }));
  if (columns.every((column) => column.rows.length === 0)) return <Empty>{t('agenda.empty')}</Empty>;
  return (
    <div className="columns" data-testid="agenda-grid">
      {columns.map((column) => (
        <div key={column.key} className="card" role="region" aria-label={column.title}>
          <h2>{column.title}</h2>
          {column.rows.length === 0 ? (
            <p className="muted">{t('agenda.free')}</p>
          ) : (
            column.rows.map((row) => (
              <AppointmentCard
                key={row.id}
                row={row}
                names={data.names}
                clashes={clashes.get(row.id) ?? []}
              />
            ))
          )}
        </div>
      ))}
    </div>
  );
}

function AppointmentCard({
  row,
  names,
  clashes,
}: {
  row: LocalRow;
  names: ReadonlyMap<string, string>;
  clashes: readonly Clash[];
}) {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const status = String(row['status']);
  async function cancel() {
    if (!window.confirm(t('agenda.confirmCancel'))) return;
    await mutate(db, 'appointments', 'update', row.id, { status: 'cancelled' });
  }
  return (
    <article
      className="card"
      style={{ marginBottom: '0.5rem', opacity: status === 'cancelled' ? 0.6 : 1 }}
      data-testid="appointment-card"
    >
      <strong>
        {formatTime(String(row['starts_at']), i18n.language)}–
        {formatTime(String(row['ends_at']), i18n.language)}
      </strong>{' '}
      <span className="badge">{t(`agenda.status.${status}`)}</span>
      <div>{names.get(String(row['patient_id'])) ?? '—'}</div>
      <div className="muted">
        {[names.get(String(row['professional_id'])), names.get(String(row['room_id']))]
          .filter(Boolean)
          .join(' · ')}
      </div>
      {clashes.length > 0 && (
        <p className="alert alert--warn" role="note" data-testid="double-booking">
          {doubleBookedText(t, clashes)}
        </p>
      )}
      <div className="toolbar">
        <Link className="button button--small" to={`/data/appointments/${row.id}`}>
          {t('agenda.move')}
        </Link>
        {(status === 'scheduled' || status === 'confirmed') && (
          <button
            type="button"
            className="button button--small"
            onClick={() => void checkIn(db, row)}
            data-testid="check-in"
          >
            {t('clinical.myDay.checkIn')}
          </button>
        )}
        {status !== 'cancelled' && (
          <button type="button" className="button button--small" onClick={() => void cancel()}>
            {t('agenda.cancel')}
          </button>
        )}
      </div>
    </article>
  );
}
