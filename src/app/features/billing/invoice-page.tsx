import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { centsOf, lineAmountCents, parseMoneyInput } from '../../../core/billing/money.ts';
import type { LocalRow } from '../../../engine/local-records.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { Empty, Live } from '../../components/screen-states.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { RowRefusals } from '../../sync/row-refusals.tsx';
import { BillingOnly } from './billing-only.tsx';
import {
  cancelInvoice,
  issueInvoice,
  liveLines,
  livePayments,
  removeLine,
  setInvoiceDiscount,
  totalsOf,
} from './invoice-actions.ts';
import { LineEditor } from './line-editor.tsx';
import { decimalMark, formatMoney, formatQuantity, moneyInputText } from './money-format.ts';
import { PaymentsPanel } from './payments-panel.tsx';
import { paymentRoles } from './use-staff-role.ts';

interface InvoiceView {
  readonly invoice: LocalRow;
  readonly lines: LocalRow[];
  readonly payments: LocalRow[];
  readonly patient: LocalRow | undefined;
  readonly branch: LocalRow | undefined;
  readonly services: LocalRow[];
}

/**
 * `/billing/invoices/:id`: an invoice as billing works it. A draft lists its lines (quantity ×
 * unit price, from the service's price, less a discount), computes its totals as they change and
 * is issued in one action; an issued invoice takes payments (method, change) and prints receipts.
 */
export function InvoicePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const db = useClinicDb();
  const view = useLiveQuery(async (): Promise<InvoiceView | null> => {
    const invoice = await db.rows('invoices').get(id);
    if (!invoice) return null;
    const [lines, payments, patient, branch, services] = await Promise.all([
      liveLines(db, id),
      livePayments(db, id),
      db.rows('patients').get(String(invoice['patient_id'])),
      db.rows('branches').get(String(invoice['branch_id'])),
      db.rows('services').toArray(),
    ]);
    return {
      invoice,
      lines,
      payments,
      patient,
      branch,
      services: services.filter((s) => !s.deleted_at && s['active'] !== false),
    };
  }, [db, id]);
  return (
    <BillingOnly roles={paymentRoles}>
      {(role) => (
        <Live result={view}>
          {(value) =>
            value ? (
              <InvoiceScreen view={value} canEdit={role === 'admin' || role === 'billing'} />
            ) : (
              <Empty>{t('common.notFound')}</Empty>
            )
          }
        </Live>
      )}
    </BillingOnly>
  );
}

function InvoiceScreen({ view, canEdit }: { view: InvoiceView; canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const { invoice, lines, payments } = view;
  const language = i18n.language;
  const currency = String(invoice['currency'] ?? 'BRL');
  const money = (cents: number) => formatMoney(cents, currency, language);
  const status = String(invoice['status']);
  const draft = status === 'draft' && canEdit;
  const totals = totalsOf(invoice, lines);
  const paidCents = payments.reduce((sum, row) => sum + centsOf(row['amount']), 0);
  const totalCents = totals?.totalCents ?? centsOf(invoice['total']);
  const [editing, setEditing] = useState<LocalRow | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [discountText, setDiscountText] = useState(moneyInputText(centsOf(invoice['discount']), language));

  const report = (result: { ok: boolean; code?: string }) =>
    setError(result.ok ? null : t(`billing.invoice.${errorKey(result.code)}`, { reason: result.code }));

  async function applyDiscount() {
    const cents = parseMoneyInput(discountText === '' ? '0' : discountText, decimalMark(language));
    if (cents === null || cents < 0) return setError(t('billing.invoice.invalidAmount'));
    report(await setInvoiceDiscount(db, invoice.id, cents));
  }

  async function issue() {
    report(await issueInvoice(db, invoice.id));
  }

  async function cancel() {
    if (!window.confirm(t('billing.invoice.confirmCancel'))) return;
    report(await cancelInvoice(db, invoice.id));
  }

  const title =
    typeof invoice['number'] === 'string' && invoice['number']
      ? t('billing.invoice.title', { number: invoice['number'] })
      : t('billing.invoice.draftTitle');

  return (
    <section className="billing" aria-labelledby="invoice-title">
      <div className="toolbar">
        <Link to="/billing" className="button button--small">
          ← {t('billing.invoice.back')}
        </Link>
        <h1 id="invoice-title" className="toolbar__grow">
          {title}
        </h1>
        <span className={`badge badge--status-${status}`} data-testid="invoice-status">
          {t(`billing.status.${status}`)}
        </span>
      </div>
      <dl className="billing__facts">
        <div>
          <dt>{t('billing.invoice.patient')}</dt>
          <dd>
            {view.patient ? (
              <Link to={`/patients/${view.patient.id}`}>{String(view.patient['full_name'])}</Link>
            ) : (
              '—'
            )}
          </dd>
        </div>
        <div>
          <dt>{t('billing.invoice.branch')}</dt>
          <dd>{String(view.branch?.['name'] ?? '—')}</dd>
        </div>
        {typeof invoice['issued_at'] === 'string' && (
          <div>
            <dt>{t('billing.invoices.date')}</dt>
            <dd>{t('billing.invoice.issuedAt', { when: formatDateTime(invoice['issued_at'], language) })}</dd>
          </div>
        )}
      </dl>
      <RowRefusals table="invoices" rowId={invoice.id} />
      {lines.map((line) => (
        <RowRefusals key={line.id} table="invoice_items" rowId={line.id} />
      ))}

      <h2>{t('billing.invoice.lines')}</h2>
      {lines.length === 0 ? (
        <p className="muted">{t('billing.invoice.noLines')}</p>
      ) : (
        <table className="table billing__lines" data-testid="invoice-lines">
          <thead>
            <tr>
              <th>{t('billing.invoice.description')}</th>
              <th className="num">{t('billing.invoice.quantity')}</th>
              <th className="num">{t('billing.invoice.unitPrice')}</th>
              <th className="num">{t('billing.invoice.lineDiscount')}</th>
              <th className="num">{t('billing.invoice.amount')}</th>
              {draft && <th aria-hidden="true" />}
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => {
              const unit = centsOf(line['unit_price']);
              const discount = centsOf(line['discount']);
              const amount = lineAmountCents(line['quantity'], unit, discount) ?? centsOf(line['amount']);
              return (
                <tr key={line.id} data-testid="invoice-line">
                  <td data-label={t('billing.invoice.description')}>{String(line['description'])}</td>
                  <td className="num" data-label={t('billing.invoice.quantity')}>
                    {formatQuantity(Number(line['quantity']), language)}
                  </td>
                  <td className="num" data-label={t('billing.invoice.unitPrice')}>
                    {money(unit)}
                  </td>
                  <td className="num" data-label={t('billing.invoice.lineDiscount')}>
                    {discount ? money(discount) : '—'}
                  </td>
                  <td className="num" data-label={t('billing.invoice.amount')} data-testid="line-amount">
                    {money(amount)}
                  </td>
                  {draft && (
                    <td className="billing__line-actions">
                      <button type="button" className="button button--small" onClick={() => setEditing(line)}>
                        {t('common.edit')}
                      </button>
                      <button
                        type="button"
                        className="button button--small button--danger"
                        onClick={() => void removeLine(db, invoice.id, line.id).then(report)}
                      >
                        {t('billing.invoice.remove')}
                      </button>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {draft && (
        <LineEditor
          key={editing?.id ?? 'new'}
          invoiceId={invoice.id}
          currency={currency}
          services={view.services}
          line={editing}
          onDone={() => setEditing(null)}
        />
      )}

      <div className="billing__totals card" data-testid="invoice-totals">
        <dl>
          <div>
            <dt>{t('billing.invoice.gross')}</dt>
            <dd data-testid="invoice-gross">{money(totals?.grossCents ?? 0)}</dd>
          </div>
          <div>
            <dt>{t('billing.invoice.discounts')}</dt>
            <dd data-testid="invoice-discounts">{money(totals?.discountCents ?? 0)}</dd>
          </div>
          <div className="billing__total">
            <dt>{t('billing.invoice.total')}</dt>
            <dd data-testid="invoice-total">{money(totalCents)}</dd>
          </div>
          {status !== 'draft' && (
            <>
              <div>
                <dt>{t('billing.invoice.paid')}</dt>
                <dd data-testid="invoice-paid">{money(paidCents)}</dd>
              </div>
              <div>
                <dt>{t('billing.invoice.balance')}</dt>
                <dd data-testid="invoice-balance">{money(Math.max(0, totalCents - paidCents))}</dd>
              </div>
            </>
          )}
        </dl>
        {draft && (
          <div className="billing__discount">
            <label className="field">
              <span>{t('billing.invoice.invoiceDiscount')}</span>
              <input
                inputMode="decimal"
                value={discountText}
                onChange={(event) => setDiscountText(event.target.value)}
                onBlur={() => void applyDiscount()}
                data-testid="invoice-discount"
              />
            </label>
          </div>
        )}
      </div>
      {error && (
        <p className="alert alert--error" role="alert">
          {error}
        </p>
      )}
      {status !== 'draft' && status !== 'cancelled' && canEdit && (
        <p className="muted">{t('billing.invoice.readOnly')}</p>
      )}
      <div className="form-actions">
        {draft && (
          <button
            type="button"
            className="button button--primary"
            onClick={() => void issue()}
            disabled={lines.length === 0}
            data-testid="issue-invoice"
          >
            {t('billing.invoice.issue')}
          </button>
        )}
        {canEdit && (status === 'draft' || (status === 'issued' && payments.length === 0)) && (
          <button type="button" className="button button--danger" onClick={() => void cancel()}>
            {t('billing.invoice.cancel')}
          </button>
        )}
      </div>

      <PaymentsPanel
        key={`${status}:${Math.max(0, totalCents - paidCents)}`}
        invoice={invoice}
        payments={payments}
        balanceCents={Math.max(0, totalCents - paidCents)}
        canMarkPaid={canEdit}
      />
    </section>
  );
}

function errorKey(code: string | undefined): string {
  switch (code) {
    case 'invalid_quantity':
      return 'invalidQuantity';
    case 'discount_too_high':
      return 'discountTooHigh';
    case 'no_lines':
      return 'noLinesToIssue';
    default:
      return 'saveFailed';
  }
}
