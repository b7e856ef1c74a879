import { useMemo, useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { DateTime } from 'luxon';
import type { LocalRow } from '../../../engine/local-records.ts';
import { mutate } from '../../../engine/write-api.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { recordLabel } from '../../data/record-label.ts';
import { Live } from '../../components/screen-states.tsx';
import { formatCurrency } from '../../i18n/format.ts';
import { editErrorText } from '../../sync/edit-error-text.ts';
import {
  agendaSearch,
  defaultEnd,
  parseBooking,
  zoneOf,
  type GroupBy,
  type SlotChoice,
} from './agenda-grid.ts';
import { ClashWarning } from './clash-warning.tsx';
import { PatientPicker } from './patient-picker.tsx';

interface Catalogue {
  readonly branches: LocalRow[];
  readonly professionals: LocalRow[];
  readonly rooms: LocalRow[];
  readonly services: LocalRow[];
}

const live = (row: LocalRow) => !row.deleted_at && row['active'] !== false;
const byLabel = (a: LocalRow, b: LocalRow) => recordLabel(a).localeCompare(recordLabel(b));

/**
 * `/agenda/book?start=…&professional=…&room=…&branch=…`: booking an empty slot of the agenda.
 * The slot's professional, room and start come prefilled, the end follows the service's length,
 * and saving (a local write, offline or not) returns to the agenda at that slot.
 */
export function BookingPage() {
  const db = useClinicDb();
  const location = useLocation();
  const slot = parseBooking(location.search) ?? {
    start: DateTime.local().startOf('hour').plus({ hours: 1 }).toJSDate(),
    professionalId: null,
    roomId: null,
    branchId: null,
  };
  const catalogue = useLiveQuery(async (): Promise<Catalogue> => {
    const branches = (await db.rows('branches').toArray()).filter(live);
    const professionals = (await db.rows('profiles').toArray())
      .filter((p) => live(p) && (p['role'] === 'doctor' || p['role'] === 'nurse'))
      .sort(byLabel);
    const rooms = (await db.rows('rooms').toArray()).filter(live).sort(byLabel);
    const services = (await db.rows('services').toArray()).filter(live).sort(byLabel);
    return { branches, professionals, rooms, services };
  }, [db]);
  return <Live result={catalogue}>{(value) => <BookingForm slot={slot} catalogue={value} />}</Live>;
}

function BookingForm({ slot, catalogue }: { slot: SlotChoice; catalogue: Catalogue }) {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const navigate = useNavigate();
  const branch = catalogue.branches.find((b) => b.id === slot.branchId) ?? catalogue.branches[0];
  const zone = zoneOf(branch);
  const groupBy: GroupBy = slot.roomId && !slot.professionalId ? 'room' : 'professional';
  const local = (instant: Date) => DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-LL-dd'T'HH:mm");
  const [patient, setPatient] = useState<LocalRow | null>(null);
  const [professional, setProfessional] = useState(slot.professionalId ?? '');
  const [room, setRoom] = useState(slot.roomId ?? '');
  const [service, setService] = useState('');
  const [start, setStart] = useState(local(slot.start));
  const [end, setEnd] = useState(local(defaultEnd(slot.start, undefined)));
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const instant = (text: string) => {
    const parsed = DateTime.fromISO(text, { zone });
    return parsed.isValid ? parsed.toJSDate() : null;
  };
  const chosenService = catalogue.services.find((s) => s.id === service);
  const startsAt = instant(start);
  const endsAt = instant(end);
  const startIso = startsAt?.toISOString() ?? '';
  const endIso = endsAt?.toISOString() ?? '';
  const probe = useMemo(
    () => ({
      starts_at: startIso,
      ends_at: endIso,
      professional_id: professional,
      room_id: room,
      status: 'scheduled',
    }),
    [startIso, endIso, professional, room],
  );
  const back = () =>
    navigate(
      `/agenda${agendaSearch(startsAt ?? slot.start, zone, { by: groupBy, id: null, branch: branch?.id ?? null })}`,
    );

  function chooseService(id: string) {
    setService(id);
    const chosen = catalogue.services.find((s) => s.id === id);
    if (chosen && startsAt) setEnd(local(defaultEnd(startsAt, chosen)));
  }

  function changeStart(text: string) {
    const previous = instant(start);
    const next = instant(text);
    setStart(text);
    // The length stays: moving the start moves the end with it.
    if (previous && next && endsAt)
      setEnd(local(new Date(next.getTime() + (endsAt.getTime() - previous.getTime()))));
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!patient) return setError(t('frontDesk.booking.missingPatient'));
    if (!professional) return setError(t('frontDesk.booking.missingProfessional'));
    if (!startsAt || !endsAt) return setError(t('validation.dateInvalid'));
    setBusy(true);
    const result = await mutate(db, 'appointments', 'insert', crypto.randomUUID(), {
      patient_id: patient.id,
      professional_id: professional,
      room_id: room || null,
      branch_id: branch?.id ?? null,
      service_id: service || null,
      starts_at: startsAt.toISOString(),
      ends_at: endsAt.toISOString(),
      status: 'scheduled',
      notes: notes.trim() || null,
    });
    setBusy(false);
    if (!result.ok)
      return setError(t('frontDesk.booking.saveFailed', { reason: editErrorText(t, result.error) }));
    await back();
  }

  const price = chosenService ? Number(chosenService['price']) : null;
  return (
    <section aria-labelledby="booking-title">
      <h1 id="booking-title">{t('frontDesk.booking.title')}</h1>
      <form className="booking-form" onSubmit={(e) => void save(e)} data-testid="booking-form" noValidate>
        <PatientPicker chosen={patient} onChoose={setPatient} branchId={branch?.id ?? null} />
        <div className="booking-form__row">
          <label className="field">
            <span>{t('frontDesk.booking.professional')} *</span>
            <select
              value={professional}
              onChange={(e) => setProfessional(e.target.value)}
              data-testid="booking-professional"
            >
              <option value="">—</option>
              {catalogue.professionals.map((p) => (
                <option key={p.id} value={p.id}>
                  {recordLabel(p)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('frontDesk.booking.room')}</span>
            <select value={room} onChange={(e) => setRoom(e.target.value)} data-testid="booking-room">
              <option value="">{t('frontDesk.booking.noRoom')}</option>
              {catalogue.rooms
                .filter((r) => !branch || r['branch_id'] === branch.id)
                .map((r) => (
                  <option key={r.id} value={r.id}>
                    {recordLabel(r)}
                  </option>
                ))}
            </select>
          </label>
        </div>
        <div className="booking-form__row">
          <label className="field">
            <span>{t('frontDesk.booking.service')}</span>
            <select
              value={service}
              onChange={(e) => chooseService(e.target.value)}
              data-testid="booking-service"
            >
              <option value="">{t('frontDesk.booking.noService')}</option>
              {catalogue.services.map((s) => (
                <option key={s.id} value={s.id}>
                  {recordLabel(s)}
                </option>
              ))}
            </select>
          </label>
          <p className="field">
            <span>{t('frontDesk.booking.price')}</span>
            <span data-testid="booking-price">
              {price === null || !Number.isFinite(price)
                ? '—'
                : formatCurrency(price, i18n.language, String(chosenService?.['currency'] ?? 'BRL'))}
            </span>
          </p>
        </div>
        <div className="booking-form__row">
          <label className="field">
            <span>{t('frontDesk.booking.start')} *</span>
            <input
              type="datetime-local"
              value={start}
              onChange={(e) => changeStart(e.target.value)}
              data-testid="booking-start"
            />
          </label>
          <label className="field">
            <span>{t('frontDesk.booking.end')} *</span>
            <input
              type="datetime-local"
              value={end}
              onChange={(e) => setEnd(e.target.value)}
              data-testid="booking-end"
            />
          </label>
        </div>
        <ClashWarning form={probe} selfId={null} />
        <label className="field">
          <span>{t('frontDesk.booking.notes')}</span>
          <textarea value={notes} onChange={(e) => setNotes(e.target.value)} rows={2} />
        </label>
        {error && (
          <p className="field__error" role="alert" data-testid="booking-error">
            {error}
          </p>
        )}
        <div className="toolbar">
          <button type="submit" className="button button--primary" disabled={busy} data-testid="booking-save">
            {t('frontDesk.booking.save')}
          </button>
          <button type="button" className="button" onClick={() => void back()} data-testid="booking-cancel">
            {t('frontDesk.booking.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
