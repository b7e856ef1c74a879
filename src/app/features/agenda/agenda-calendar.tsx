import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { DateTime } from 'luxon';
import { Calendar, luxonLocalizer, type EventProps, type SlotInfo } from 'react-big-calendar';
import dragAndDrop, { type EventInteractionArgs } from 'react-big-calendar/lib/addons/dragAndDrop';
import 'react-big-calendar/lib/css/react-big-calendar.css';
import 'react-big-calendar/lib/addons/dragAndDrop/styles.css';
import '../../styles/agenda.css';
import type { LocalRow } from '../../../engine/local-records.ts';
import { isReschedulable } from '../../../core/agenda/appointment-status.ts';
import type { Move } from './agenda-grid.ts';

/** One appointment on the grid. */
export interface AgendaEvent {
  readonly id: string;
  readonly title: string;
  readonly start: Date;
  readonly end: Date;
  readonly resourceId: string | null;
  readonly row: LocalRow;
  readonly patientId: string;
  readonly clashed: boolean;
}

export interface AgendaResource {
  readonly id: string;
  readonly title: string;
}

interface Props {
  readonly zone: string;
  readonly date: Date;
  readonly view: 'day' | 'week';
  readonly min: Date;
  readonly max: Date;
  readonly scrollTo: Date;
  readonly events: readonly AgendaEvent[];
  /** Columns of the day view (professionals or rooms); undefined: one column per day. */
  readonly resources: readonly AgendaResource[] | undefined;
  readonly onSlot: (start: Date, resourceId: string | null) => void;
  readonly onSelect: (event: AgendaEvent) => void;
  readonly onMove: (event: AgendaEvent, move: Move) => void;
}

// The addon ships as CommonJS with an `__esModule` default: the bundle's default import is the
// module itself, the development server's is the function.
const withDragAndDrop: typeof dragAndDrop =
  typeof dragAndDrop === 'function'
    ? dragAndDrop
    : (dragAndDrop as unknown as { default: typeof dragAndDrop }).default;
const DragAndDropCalendar = withDragAndDrop<AgendaEvent, AgendaResource>(Calendar);

/**
 * A luxon whose every date is read in `zone`: react-big-calendar's luxon localizer does all its
 * date arithmetic through `DateTime.fromJSDate`, so the grid's hours and days are the branch's,
 * not the browser's, without changing luxon's global default zone.
 */
function zonedLuxon(zone: string): typeof DateTime {
  return {
    fromJSDate: (date: Date, options?: object) => DateTime.fromJSDate(date, { ...options, zone }),
    local: () => DateTime.local({ zone }),
    min: DateTime.min.bind(DateTime),
    max: DateTime.max.bind(DateTime),
  } as unknown as typeof DateTime;
}

const slotClass = (date: Date, zone: string) =>
  `agenda-slot agenda-slot--${DateTime.fromJSDate(date, { zone }).toFormat('HHmm')}`;

/** The day or week grid: click an empty slot to book, drag or stretch an appointment to move it. */
export function AgendaCalendar(props: Props) {
  const { t, i18n } = useTranslation();
  const localizer = useMemo(
    () => luxonLocalizer(zonedLuxon(props.zone), { firstDayOfWeek: 1 }),
    [props.zone],
  );
  const messages = useMemo(
    () => ({
      showMore: (count: number) => t('frontDesk.showMore', { count }),
      noEventsInRange: t('frontDesk.noEvents'),
    }),
    [t],
  );
  const components = useMemo(() => ({ event: EventBox }), []);
  const move = (args: EventInteractionArgs<AgendaEvent>) =>
    props.onMove(args.event, {
      start: new Date(args.start),
      end: new Date(args.end),
      resourceId: typeof args.resourceId === 'string' ? args.resourceId : null,
    });
  return (
    <div className="agenda-calendar" data-testid="agenda-grid" aria-label={t('frontDesk.grid')} role="region">
      <DragAndDropCalendar
        localizer={localizer}
        culture={i18n.language}
        events={[...props.events]}
        {...(props.resources && props.view === 'day' ? { resources: [...props.resources] } : {})}
        resourceIdAccessor="id"
        resourceTitleAccessor="title"
        view={props.view}
        views={['day', 'week']}
        onView={() => undefined}
        date={props.date}
        onNavigate={() => undefined}
        getNow={() => new Date()}
        toolbar={false}
        min={props.min}
        max={props.max}
        scrollToTime={props.scrollTo}
        step={15}
        timeslots={2}
        selectable
        longPressThreshold={250}
        messages={messages}
        formats={{
          timeGutterFormat: 'HH:mm',
          dayFormat: 'ccc dd/LL',
          eventTimeRangeFormat: ({ start, end }, culture, loc) =>
            `${loc?.format(start, 'HH:mm', culture) ?? ''}–${loc?.format(end, 'HH:mm', culture) ?? ''}`,
        }}
        components={components}
        slotPropGetter={(date) => ({ className: slotClass(date, props.zone) })}
        eventPropGetter={(event) => ({
          className: `agenda-event agenda-event--${String(event.row['status'])}${event.clashed ? ' agenda-event--clash' : ''}`,
        })}
        draggableAccessor={(event) => isReschedulable(event.row['status'])}
        resizableAccessor={(event) => isReschedulable(event.row['status'])}
        onSelectSlot={(slot: SlotInfo) =>
          props.onSlot(new Date(slot.start), typeof slot.resourceId === 'string' ? slot.resourceId : null)
        }
        onSelectEvent={(event) => props.onSelect(event)}
        onEventDrop={move}
        onEventResize={move}
      />
    </div>
  );
}

function EventBox({ event }: EventProps<AgendaEvent>) {
  const { t } = useTranslation();
  const status = String(event.row['status']);
  return (
    <span
      className="agenda-event__body"
      data-testid="appointment-event"
      data-id={event.id}
      data-status={status}
      data-clash={event.clashed ? 'true' : 'false'}
    >
      <Link
        to={`/patients/${event.patientId}`}
        className="agenda-event__patient"
        onMouseDown={(e) => e.stopPropagation()}
        onClick={(e) => e.stopPropagation()}
        data-testid="appointment-patient"
      >
        {event.title}
      </Link>{' '}
      <span className={`badge badge--status-${status}`}>{t(`agenda.status.${status}`)}</span>
    </span>
  );
}
