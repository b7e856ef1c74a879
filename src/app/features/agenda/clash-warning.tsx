import { useDeferredValue, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { findDoubleBookings } from './double-booking.ts';

/**
 * Shown on the appointment form while the time typed overlaps another appointment of the same
 * professional or room. `starts_at`/`ends_at` are the form's datetime-local text.
 */
export function ClashWarning({
  form,
  selfId,
}: {
  form: Readonly<Record<string, string>>;
  selfId: string | null;
}) {
  const { t } = useTranslation();
  const db = useClinicDb();
  const probe = useDeferredValue(form);
  const others = useLiveQuery(
    () =>
      db
        .rows('appointments')
        .filter((row) => !row.deleted_at && row.id !== selfId)
        .toArray(),
    [db, selfId],
  );
  const clashes = useMemo(() => {
    if (others.kind !== 'ready') return [];
    const start = Date.parse(probe['starts_at'] ?? '');
    const end = Date.parse(probe['ends_at'] ?? '');
    if (Number.isNaN(start) || Number.isNaN(end)) return [];
    const candidate = {
      id: '__candidate__',
      starts_at: new Date(start).toISOString(),
      ends_at: new Date(end).toISOString(),
      professional_id: probe['professional_id'],
      room_id: probe['room_id'],
      status: probe['status'],
    };
    return findDoubleBookings([candidate, ...others.value]).get(candidate.id) ?? [];
  }, [others, probe]);
  if (clashes.length === 0) return null;
  return (
    <div className="alert alert--warn" role="status" aria-live="polite" data-testid="double-booking">
      {[...new Set(clashes.map((c) => c.kind))].map((kind) => (
        <p key={kind}>{t(`frontDesk.clash.${kind}`)}</p>
      ))}
    </div>
  );
}
