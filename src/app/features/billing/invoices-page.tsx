import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { centsOf } from '../../../core/billing/money.ts';
import type { LocalRow } from '../../../engine/local-records.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { Empty, Live } from '../../components/screen-states.tsx';
import { formatDate } from '../../i18n/format.ts';
import { BillingOnly } from './billing-only.tsx';
import { formatMoney } from './money-format.ts';
import { paymentRoles } from './use-staff-role.ts';

const statuses = ['draft', 'issued', 'paid', 'cancelled'] as const;
const shown = 300;

interface InvoiceLine {
  readonly invoice: LocalRow;
  readonly patient: string;
}

/** `/billing`: the newest invoices (by status), each opening its own screen; cash closure. */
export function InvoicesPage() {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const [status, setStatus] = useState<string>('');
  const rows = useLiveQuery(async (): Promise<InvoiceLine[]> => {
    const invoices = (await db.rows('invoices').toArray())
      .filter((row) => !row.deleted_at && (status === '' || row['status'] === status))
      .sort((a, b) => dateOf(b).localeCompare(dateOf(a)))
      .slice(0, shown);
    const patients = await db.rows('patients').bulkGet(invoices.map((row) => String(row['patient_id'])));
    return invoices.map((invoice, index) => ({
      invoice,
      patient: String(patients[index]?.['full_name'] ?? '—'),
    }));
  }, [db, status]);
  return (
    <BillingOnly roles={paymentRoles}>
      {() => (
        <section className="billing">
          <div className="toolbar">
            <h1 className="toolbar__grow">{t('billing.invoices.title')}</h1>
            <Link to="/billing/cash" className="button">
              {t('billing.invoices.cash')}
            </Link>
          </div>
          <div className="toolbar">
            <label>
              {t('billing.invoices.filter')}{' '}
              <select
                value={status}
                onChange={(event) => setStatus(event.target.value)}
                data-testid="invoice-filter"
              >
                <option value="">{t('billing.invoices.all')}</option>
                {statuses.map((value) => (
                  <option key={value} value={value}>
                    {t(`billing.status.${value}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <Live result={rows}>
            {(list) =>
              list.length === 0 ? (
                <Empty>{t('billing.invoices.empty')}</Empty>
              ) : (
                <>
                  <p className="muted">{t('billing.invoices.count', { count: list.length })}</p>
                  <table className="table billing__lines" data-testid="invoices">
                    <thead>
                      <tr>
                        <th>{t('billing.invoices.date')}</th>
                        <th>{t('billing.invoices.number')}</th>
                        <th>{t('billing.invoices.patient')}</th>
                        <th>{t('billing.invoices.status')}</th>
                        <th className="num">{t('billing.invoices.total')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {list.map(({ invoice, patient }) => (
                        <tr key={invoice.id}>
                          <td data-label={t('billing.invoices.date')}>
                            {formatDate(dateOf(invoice), i18n.language)}
                          </td>
                          <td data-label={t('billing.invoices.number')}>
                            <Link to={`/billing/invoices/${invoice.id}`}>
                              {String(invoice['number'] ?? '') || t('billing.invoices.draftNumber')}
                            </Link>
                          </td>
                          <td data-label={t('billing.invoices.patient')}>{patient}</td>
                          <td data-label={t('billing.invoices.status')}>
                            <span className={`badge badge--status-${String(invoice['status'])}`}>
                              {t(`billing.status.${String(invoice['status'])}`)}
                            </span>
                          </td>
                          <td className="num" data-label={t('billing.invoices.total')}>
                            {formatMoney(
                              centsOf(invoice['total']),
                              String(invoice['currency'] ?? 'BRL'),
                              i18n.language,
                            )}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </>
              )
            }
          </Live>
        </section>
      )}
    </BillingOnly>
  );
}

function dateOf(invoice: LocalRow): string {
  return String(invoice['issued_at'] ?? invoice['created_at'] ?? new Date().toISOString());
}
