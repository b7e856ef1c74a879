import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { DateTime } from 'luxon';
import { mutate } from '../../../engine/write-api.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { recordLabel } from '../../data/record-label.ts';
import { Live } from '../../components/screen-states.tsx';
import { formatTime } from '../../i18n/format.ts';
import { useCurrentProfile } from '../clinical/current-profile.ts';
import { findDoubleBookings } from './double-booking.ts';
import {
  bookingSearch,
  clashesAfterMove,
  dayFromParam,
  dayParam,
  gridBounds,
  movedColumns,
  openingHours,
  zoneOf,
  type GroupBy,
  type Move,
} from './agenda-grid.ts';
import { AgendaCalendar, type AgendaEvent } from './agenda-calendar.tsx';
import { AppointmentPanel } from './appointment-panel.tsx';
import { MoveDialog } from './move-dialog.tsx';
import { useAgendaData, type AgendaData } from './use-agenda-data.ts';
import { useNarrow } from './use-narrow.ts';

type View = 'day' | 'week';

/**
 * `/agenda`: the time grid of one branch, day or week, by professional or by room, in the
 * branch's time zone and opening hours. The URL holds what is shown (`date`, `view`, `by`,
 * `focus`, `at`, `branch`), so booking returns to the same place and a link can be shared.
 */
export function AgendaPage() {
  const [params] = useSearchParams();
  const profile = useCurrentProfile();
  const own = profile.kind === 'ready' ? profile.value : null;
  const branchId = params.get('branch') ?? (typeof own?.['branch_id'] === 'string' ? own['branch_id'] : null);
  return <Agenda branchId={branchId} />;
}

function Agenda({ branchId }: { branchId: string | null }) {
  const [params] = useSearchParams();
  const view: View = params.get('view') === 'week' ? 'week' : 'day';
  const date = params.get('date');
  // A week and a day either side of the requested day: enough for any zone.
  const anchor = Date.parse(`${date ?? new Date().toISOString().slice(0, 10)}T12:00:00Z`);
  const from = (Number.isNaN(anchor) ? Date.now() : anchor) - 9 * 86_400_000;
  const to = (Number.isNaN(anchor) ? Date.now() : anchor) + 9 * 86_400_000;
  const data = useAgendaData(branchId, from, to);
  return (
    <Live result={data}>{(value) => <AgendaScreen data={value} branchId={branchId} view={view} />}</Live>
  );
}

function AgendaScreen({
  data,
  branchId,
  view: asked,
}: {
  data: AgendaData;
  branchId: string | null;
  view: View;
}) {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const navigate = useNavigate();
  const narrow = useNarrow();
  const [params, setParams] = useSearchParams();
  const [selected, setSelected] = useState<string | null>(null);
  const [pending, setPending] = useState<{ event: AgendaEvent; move: Move } | null>(null);
  const branch = data.branches.find((b) => b.id === branchId) ?? data.branches[0];
  const zone = zoneOf(branch);
  const hours = openingHours(branch);
  const view: View = narrow ? 'day' : asked;
  const groupBy: GroupBy = params.get('by') === 'room' ? 'room' : 'professional';
  const columns = groupBy === 'room' ? data.rooms : data.professionals;
  const asked_focus = params.get('focus') ?? '';
  // A phone shows one column: the chosen one, else the first.
  const focus = columns.some((c) => c.id === asked_focus)
    ? asked_focus
    : narrow
      ? (columns[0]?.id ?? '')
      : '';
  const day = dayFromParam(params.get('date'), zone) ?? DateTime.local({ zone }).startOf('day').toJSDate();
  const owner = groupBy === 'room' ? 'room_id' : 'professional_id';

  const clashes = useMemo(() => findDoubleBookings(data.appointments), [data.appointments]);
  const events = useMemo(
    () =>
      data.appointments
        .filter((row) => !focus || row[owner] === focus)
        .map((row): AgendaEvent => ({
          id: row.id,
          title: data.names.get(String(row['patient_id'])) ?? '—',
          start: new Date(String(row['starts_at'])),
          end: new Date(String(row['ends_at'])),
          resourceId: typeof row[owner] === 'string' ? (row[owner] as string) : null,
          row,
          patientId: String(row['patient_id']),
          clashed: (clashes.get(row.id)?.length ?? 0) > 0,
        })),
    [data, focus, owner, clashes],
  );
  const bounds = gridBounds(day, zone, hours, events);
  const at = /^\d{2}:\d{2}$/.test(params.get('at') ?? '') ? String(params.get('at')) : null;
  const scrollTo = at
    ? DateTime.fromJSDate(day, { zone })
        .set({ hour: Number(at.slice(0, 2)), minute: Number(at.slice(3)) })
        .minus({ minutes: 30 })
        .toJSDate()
    : bounds.min;
  const resources = columns
    .filter((c) => !focus || c.id === focus)
    .map((c) => ({ id: c.id, title: recordLabel(c) }));

  const update = (changes: Record<string, string | null>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === '') next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );
  const shift = (direction: number) =>
    update({
      date: dayParam(
        DateTime.fromJSDate(day, { zone })
          .plus({ days: direction * (view === 'day' ? 1 : 7) })
          .toJSDate(),
        zone,
      ),
      at: null,
    });

  function book(start: Date, resourceId: string | null) {
    const column = resourceId ?? (focus || null);
    void navigate(
      `/agenda/book${bookingSearch({
        start,
        professionalId: groupBy === 'professional' ? column : null,
        roomId: groupBy === 'room' ? column : null,
        branchId: branch?.id ?? null,
      })}`,
    );
  }

  async function confirmMove() {
    if (!pending) return;
    const { event, move } = pending;
    setPending(null);
    await mutate(db, 'appointments', 'update', event.id, movedColumns(event.row, move, groupBy));
  }

  const selectedRow = data.appointments.find((row) => row.id === selected);
  const time = (value: Date) => formatTime(value.toISOString(), i18n.language, zone);
  const minutes = (m: number) =>
    `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return (
    <section aria-labelledby="agenda-title" data-testid="agenda" data-zone={zone}>
      <div className="toolbar agenda-toolbar">
        <h1 id="agenda-title">{t('agenda.title')}</h1>
        <span className="muted">
          {t('frontDesk.openHours', { opens: minutes(hours.opens), closes: minutes(hours.closes), zone })}
        </span>
        <span className="header__spacer" />
        <Link
          className="button button--primary"
          to={`/agenda/book${bookingSearch({
            start: bounds.min,
            professionalId: groupBy === 'professional' ? focus || null : null,
            roomId: groupBy === 'room' ? focus || null : null,
            branchId: branch?.id ?? null,
          })}`}
        >
          + {t('agenda.new')}
        </Link>
      </div>
      <div className="toolbar agenda-toolbar" role="group" aria-label={t('agenda.controls')}>
        <button type="button" className="button" onClick={() => shift(-1)} aria-label={t('agenda.previous')}>
          ‹
        </button>
        <input
          type="date"
          aria-label={t('agenda.date')}
          value={dayParam(day, zone)}
          onChange={(e) => e.target.value && update({ date: e.target.value, at: null })}
        />
        <button type="button" className="button" onClick={() => shift(1)} aria-label={t('agenda.next')}>
          ›
        </button>
        <button type="button" className="button" onClick={() => update({ date: null, at: null })}>
          {t('agenda.today')}
        </button>
        {data.branches.length > 1 && (
          <select
            aria-label={t('frontDesk.branch')}
            value={branch?.id ?? ''}
            onChange={(e) => update({ branch: e.target.value, focus: null })}
          >
            {data.branches.map((b) => (
              <option key={b.id} value={b.id}>
                {recordLabel(b)}
              </option>
            ))}
          </select>
        )}
        {!narrow && (
          <select
            aria-label={t('agenda.view')}
            value={view}
            onChange={(e) => update({ view: e.target.value === 'week' ? 'week' : null })}
          >
            <option value="day">{t('agenda.day')}</option>
            <option value="week">{t('agenda.week')}</option>
          </select>
        )}
        <select
          aria-label={t('agenda.groupBy')}
          value={groupBy}
          onChange={(e) => update({ by: e.target.value === 'room' ? 'room' : null, focus: null })}
        >
          <option value="professional">{t('agenda.byProfessional')}</option>
          <option value="room">{t('agenda.byRoom')}</option>
        </select>
        <select
          aria-label={groupBy === 'room' ? t('columns.room_id') : t('columns.professional_id')}
          value={focus}
          onChange={(e) => update({ focus: e.target.value })}
          data-testid="agenda-focus"
        >
          {!narrow && <option value="">{t('frontDesk.allColumns')}</option>}
          {columns.map((row) => (
            <option key={row.id} value={row.id}>
              {recordLabel(row)}
            </option>
          ))}
        </select>
      </div>
      <AgendaCalendar
        zone={zone}
        date={day}
        view={view}
        min={bounds.min}
        max={bounds.max}
        scrollTo={scrollTo}
        events={events}
        resources={resources}
        onSlot={book}
        onSelect={(event) => setSelected(event.id)}
        onMove={(event, move) => setPending({ event, move })}
      />
      {selectedRow && (
        <AppointmentPanel
          row={selectedRow}
          patient={data.patients.get(String(selectedRow['patient_id']))}
          names={data.names}
          zone={zone}
          others={data.appointments}
          onClose={() => setSelected(null)}
        />
      )}
      {pending && (
        <MoveDialog
          patient={pending.event.title}
          from={`${time(pending.event.start)}–${time(pending.event.end)}`}
          to={`${time(pending.move.start)}–${time(pending.move.end)}`}
          newOwner={
            pending.move.resourceId && pending.move.resourceId !== pending.event.resourceId
              ? (data.names.get(pending.move.resourceId) ?? null)
              : null
          }
          clashes={clashesAfterMove(pending.event.row, pending.move, groupBy, data.appointments)}
          onConfirm={() => void confirmMove()}
          onCancel={() => setPending(null)}
        />
      )}
    </section>
  );
}
