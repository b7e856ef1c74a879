import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { mutate } from '../../../engine/write-api.ts';
import type { LocalRow } from '../../../engine/local-records.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { formatDate, formatTime } from '../../i18n/format.ts';
import { ageOn } from '../clinical/patient-facts.ts';
import {
  nextStatuses,
  statusChange,
  type AppointmentStatus,
} from '../../../core/agenda/appointment-status.ts';
import { findDoubleBookings } from './double-booking.ts';

interface Props {
  readonly row: LocalRow;
  readonly patient: LocalRow | undefined;
  readonly names: ReadonlyMap<string, string>;
  readonly zone: string;
  readonly others: readonly LocalRow[];
  readonly onClose: () => void;
}

/**
 * The appointment chosen on the grid: who, when, with whom, and only the status moves allowed
 * from where it is (core/agenda/appointment-status.ts). Arrival stamps the time the waiting
 * list orders by. Every write is an ordinary local write, queued for the server.
 */
export function AppointmentPanel({ row, patient, names, zone, others, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const [error, setError] = useState<string | null>(null);
  const status = String(row['status']);
  const moves = nextStatuses(status);
  const age = ageOn(patient?.['birth_date'], new Date());
  const clashes = findDoubleBookings([row, ...others.filter((o) => o.id !== row.id)]).get(row.id) ?? [];

  async function moveTo(to: AppointmentStatus) {
    if (to === 'cancelled' && !window.confirm(t('agenda.confirmCancel'))) return;
    const change = statusChange(status, to, new Date());
    if (change === null) return;
    const result = await mutate(db, 'appointments', 'update', row.id, change);
    setError(result.ok ? null : t('frontDesk.moveFailed', { reason: result.error.message }));
  }

  return (
    <aside className="card agenda-panel" aria-labelledby="agenda-panel-title" data-testid="appointment-panel">
      <div className="toolbar">
        <h2 id="agenda-panel-title">{t('frontDesk.details')}</h2>
        <span className="header__spacer" />
        <button type="button" className="button button--small" onClick={onClose}>
          {t('frontDesk.close')}
        </button>
      </div>
      <p>
        {patient ? (
          <Link to={`/patients/${patient.id}`} data-testid="panel-patient">
            <strong>{String(patient['full_name'] ?? '—')}</strong>
          </Link>
        ) : (
          '—'
        )}{' '}
        <span className="muted">
          {[
            age === null ? null : t('clinical.patient.age', { count: age }),
            patient?.['birth_date']
              ? t('frontDesk.booking.born', {
                  date: formatDate(String(patient['birth_date']), i18n.language),
                })
              : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </span>
      </p>
      <p>
        {formatDate(String(row['starts_at']), i18n.language)}{' '}
        {formatTime(String(row['starts_at']), i18n.language, zone)}–
        {formatTime(String(row['ends_at']), i18n.language, zone)} ·{' '}
        {[names.get(String(row['professional_id'])), names.get(String(row['room_id']))]
          .filter(Boolean)
          .join(' · ')}{' '}
        <span className={`badge badge--status-${status}`} data-testid="panel-status">
          {t(`agenda.status.${status}`)}
        </span>
      </p>
      {clashes.map((clash) => (
        <p
          key={`${clash.kind}-${clash.with}`}
          className="alert alert--warn"
          role="note"
          data-testid="double-booking"
        >
          {t(`frontDesk.clash.${clash.kind}`)}
        </p>
      ))}
      <div className="agenda-panel__moves" role="group" aria-label={t('frontDesk.moves.label')}>
        {moves.length === 0 && <span className="muted">{t('frontDesk.moves.none')}</span>}
        {moves.map((to) => (
          <button
            key={to}
            type="button"
            className={`button button--small${to === 'checked_in' ? ' button--primary' : ''}`}
            onClick={() => void moveTo(to)}
            data-testid={to === 'checked_in' ? 'check-in' : `move-${to}`}
          >
            {t(`frontDesk.moves.${to}`)}
          </button>
        ))}
        <Link className="button button--small" to={`/data/appointments/${row.id}`}>
          {t('frontDesk.edit')}
        </Link>
      </div>
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
    </aside>
  );
}
