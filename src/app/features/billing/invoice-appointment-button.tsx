import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { LocalRow } from '../../../engine/local-records.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { invoiceFromAppointment, invoiceOfAppointment } from './invoice-actions.ts';
import { billingRoles, useSignedInStaff } from './use-staff-role.ts';

/**
 * "Faturar" on an appointment wherever one is shown (the patient's chart; the agenda can mount
 * it too): bills it in one action and opens the invoice, or opens the invoice it already has.
 * Shown only to the roles that may write invoices.
 */
export function InvoiceAppointmentButton({ appointment }: { appointment: LocalRow }) {
  const { t } = useTranslation();
  const db = useClinicDb();
  const navigate = useNavigate();
  const staff = useSignedInStaff();
  const [error, setError] = useState<string | null>(null);
  const existing = useLiveQuery(
    async () => (await invoiceOfAppointment(db, appointment)) ?? null,
    [db, appointment],
  );
  if (staff === 'loading' || staff.role === null || !billingRoles.includes(staff.role)) return null;
  if (existing.kind !== 'ready') return null;
  if (appointment['status'] === 'cancelled' && existing.value === null) return null;
  if (existing.value !== null)
    return (
      <Link
        className="button button--small"
        to={`/billing/invoices/${existing.value.id}`}
        data-testid="open-invoice"
        data-appointment={appointment.id}
      >
        {t('billing.fromAppointment.open')}
      </Link>
    );

  async function bill() {
    const result = await invoiceFromAppointment(db, appointment, t('billing.fromAppointment.consultation'));
    if (result.ok) void navigate(`/billing/invoices/${result.id}`);
    else setError(t('billing.fromAppointment.failed', { reason: result.code }));
  }

  return (
    <>
      <button
        type="button"
        className="button button--small"
        onClick={() => void bill()}
        data-testid="invoice-appointment"
        data-appointment={appointment.id}
      >
        {t('billing.fromAppointment.action')}
      </button>
      {error && (
        <span className="alert alert--error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
