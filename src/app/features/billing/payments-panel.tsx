import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { centsOf, parseMoneyInput, splitPayment } from '../../../core/billing/money.ts';
import type { LocalRow } from '../../../engine/local-records.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { recordPayment } from './invoice-actions.ts';
import { decimalMark, formatMoney, moneyInputText } from './money-format.ts';

export const paymentMethods = ['cash', 'card', 'pix', 'transfer', 'insurance', 'other'] as const;

/**
 * The payments of an invoice and a form to take one: the method, what was received (prefilled
 * with the balance), and the change to hand back computed while typing (cash only).
 */
export function PaymentsPanel({
  invoice,
  payments,
  balanceCents,
  canMarkPaid,
}: {
  invoice: LocalRow;
  payments: readonly LocalRow[];
  balanceCents: number;
  canMarkPaid: boolean;
}) {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const language = i18n.language;
  const currency = String(invoice['currency'] ?? 'BRL');
  const money = (cents: number) => formatMoney(cents, currency, language);
  const [method, setMethod] = useState<string>('cash');
  const [received, setReceived] = useState(moneyInputText(balanceCents, language));
  const [error, setError] = useState<string | null>(null);
  const status = String(invoice['status']);
  const receivedCents = parseMoneyInput(received, decimalMark(language));
  const split = receivedCents === null ? null : splitPayment(balanceCents, receivedCents, method);

  async function pay() {
    if (receivedCents === null || receivedCents <= 0) return setError(t('billing.payment.notEnough'));
    const result = await recordPayment(db, invoice.id, { method, receivedCents }, { markPaid: canMarkPaid });
    if (!result.ok) return setError(t('billing.invoice.saveFailed', { reason: result.code }));
    setError(null);
  }

  return (
    <section aria-labelledby="payments-title">
      <h2 id="payments-title">{t('billing.payment.title')}</h2>
      {payments.length === 0 ? (
        <p className="muted">{t('billing.payment.none')}</p>
      ) : (
        <table className="table billing__lines" data-testid="payments">
          <thead>
            <tr>
              <th>{t('billing.payment.paidAt')}</th>
              <th>{t('billing.payment.method')}</th>
              <th className="num">{t('billing.payment.amount')}</th>
              <th className="num">{t('billing.payment.change')}</th>
              <th aria-hidden="true" />
            </tr>
          </thead>
          <tbody>
            {payments.map((payment) => (
              <tr key={payment.id} data-testid="payment">
                <td data-label={t('billing.payment.paidAt')}>
                  {formatDateTime(String(payment['paid_at']), language)}
                </td>
                <td data-label={t('billing.payment.method')}>
                  {t(`billing.methods.${String(payment['method'])}`)}
                </td>
                <td className="num" data-label={t('billing.payment.amount')}>
                  {money(centsOf(payment['amount']))}
                </td>
                <td className="num" data-label={t('billing.payment.change')}>
                  {centsOf(payment['change_given']) ? money(centsOf(payment['change_given'])) : '—'}
                </td>
                <td>
                  <Link
                    className="button button--small"
                    to={`/billing/receipts/${payment.id}`}
                    data-testid="receipt-link"
                  >
                    {t('billing.payment.receipt')}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {status === 'draft' && <p className="muted">{t('billing.payment.issueFirst')}</p>}
      {(status === 'issued' || status === 'paid') && balanceCents === 0 && (
        <p className="muted">{t('billing.payment.nothingDue')}</p>
      )}
      {(status === 'issued' || status === 'paid') && balanceCents > 0 && (
        <form
          className="card billing__editor"
          aria-label={t('billing.payment.record')}
          onSubmit={(event) => {
            event.preventDefault();
            void pay();
          }}
        >
          <div className="form-grid">
            <label className="field">
              <span>{t('billing.payment.method')}</span>
              <select
                value={method}
                onChange={(event) => setMethod(event.target.value)}
                data-testid="payment-method"
              >
                {paymentMethods.map((value) => (
                  <option key={value} value={value}>
                    {t(`billing.methods.${value}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t('billing.payment.received')}</span>
              <input
                inputMode="decimal"
                value={received}
                onChange={(event) => setReceived(event.target.value)}
                aria-invalid={receivedCents === null}
                data-testid="payment-received"
              />
            </label>
            <div className="field">
              <span>{t('billing.payment.change')}</span>
              <output data-testid="payment-change">
                {split?.kind === 'ok' ? money(split.changeCents) : '—'}
              </output>
            </div>
          </div>
          {split?.kind === 'ok' && split.changeCents > 0 && (
            <p className="alert alert--info">
              {t('billing.payment.changeDue', { amount: money(split.changeCents) })}
            </p>
          )}
          {error && (
            <p className="alert alert--error" role="alert">
              {error}
            </p>
          )}
          <div className="form-actions">
            <button type="submit" className="button button--primary" data-testid="record-payment">
              {t('billing.payment.record')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
