import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { cashDay, dayIn } from '../../../core/billing/cash-day.ts';
import { centsOf, parseMoneyInput } from '../../../core/billing/money.ts';
import type { LocalRow } from '../../../engine/local-records.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { Empty, Live } from '../../components/screen-states.tsx';
import { formatTime } from '../../i18n/format.ts';
import { BillingOnly } from './billing-only.tsx';
import { closeCash } from './invoice-actions.ts';
import { decimalMark, formatMoney } from './money-format.ts';
import { billingRoles, useSignedInStaff } from './use-staff-role.ts';

/** A wide margin around the day (any zone is within ±14 h of UTC); the exact day is `cashDay`'s. */
const shifted = (day: string, days: number) => {
  const start = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(start) ? '' : new Date(start + days * 86_400_000).toISOString();
};
const dayBefore = (day: string) => shifted(day, -1);
const dayAfter = (day: string) => shifted(day, 2);

const zoneOf = (branch: LocalRow | undefined) => String(branch?.['timezone'] ?? 'America/Sao_Paulo');

/**
 * `/billing/cash`: a branch's day at the register: the payments of the day (in the branch's time
 * zone) summed by method, the cash the drawer should hold, and closing it with what was counted.
 */
export function CashClosurePage() {
  const { t } = useTranslation();
  const db = useClinicDb();
  const branches = useLiveQuery(
    async () => (await db.rows('branches').toArray()).filter((row) => !row.deleted_at),
    [db],
  );
  return (
    <BillingOnly roles={billingRoles}>
      {() => (
        <Live result={branches}>
          {(list) =>
            list.length === 0 ? <Empty>{t('common.empty')}</Empty> : <CashScreen branches={list} />
          }
        </Live>
      )}
    </BillingOnly>
  );
}

function CashScreen({ branches }: { branches: LocalRow[] }) {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const language = i18n.language;
  const staff = useSignedInStaff();
  const ownBranch = staff === 'loading' ? undefined : staff.profile?.['branch_id'];
  const [branchId, setBranchId] = useState<string>(
    branches.find((b) => b.id === ownBranch)?.id ?? branches[0]?.id ?? '',
  );
  const branch = branches.find((b) => b.id === branchId);
  const zone = zoneOf(branch);
  const currency = String(branch?.['currency'] ?? 'BRL');
  const [day, setDay] = useState(() => dayIn(Date.now(), zone));
  const [opening, setOpening] = useState('');
  const [counted, setCounted] = useState('');
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | null>(null);
  const money = (cents: number) => formatMoney(cents, currency, language);
  const mark = decimalMark(language);

  const data = useLiveQuery(async () => {
    const [payments, closures] = await Promise.all([
      // Payments are indexed by time, not branch: a day of payments is a small range of them.
      db
        .rows('payments')
        .where('paid_at')
        .between(dayBefore(day), dayAfter(day), true, true)
        .filter((row) => row['branch_id'] === branchId)
        .toArray(),
      db.rows('cash_closures').where('branch_id').equals(branchId).toArray(),
    ]);
    return {
      day: cashDay(payments, day, zone, currency),
      closures: closures.filter(
        (row) => !row.deleted_at && row['closed_at'] && dayIn(String(row['closed_at']), zone) === day,
      ),
    };
  }, [db, branchId, day, zone, currency]);

  return (
    <section className="billing" aria-labelledby="cash-title">
      <div className="toolbar">
        <Link to="/billing" className="button button--small">
          ← {t('billing.invoice.back')}
        </Link>
        <h1 id="cash-title" className="toolbar__grow">
          {t('billing.cash.title')}
        </h1>
      </div>
      <div className="toolbar">
        <label>
          {t('billing.cash.branch')}{' '}
          <select
            value={branchId}
            onChange={(event) => setBranchId(event.target.value)}
            data-testid="cash-branch"
          >
            {branches.map((b) => (
              <option key={b.id} value={b.id}>
                {String(b['name'])}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('billing.cash.day')}{' '}
          <input
            type="date"
            value={day}
            onChange={(event) => setDay(event.target.value)}
            data-testid="cash-day"
          />
        </label>
      </div>
      <Live result={data}>
        {({ day: summary, closures }) => {
          const openingCents = opening === '' ? 0 : parseMoneyInput(opening, mark);
          const countedCents = counted === '' ? null : parseMoneyInput(counted, mark);
          const expectedCents = (openingCents ?? 0) + summary.cashCents;
          async function close() {
            if (openingCents === null || openingCents < 0 || countedCents === null || countedCents < 0)
              return setError(t('billing.invoice.invalidAmount'));
            const result = await closeCash(db, {
              branchId,
              currency,
              payments: summary.payments as LocalRow[],
              openingCents,
              expectedCents,
              countedCents,
              notes,
              profileId: staff === 'loading' ? null : (staff.profile?.id ?? null),
            });
            if (!result.ok) return setError(t('billing.invoice.saveFailed', { reason: result.code }));
            setError(null);
            setCounted('');
            setNotes('');
          }
          return (
            <>
              <h2>{t('billing.cash.byMethod')}</h2>
              {summary.payments.length === 0 ? (
                <p className="muted">{t('billing.cash.none')}</p>
              ) : (
                <table className="table billing__lines" data-testid="cash-by-method">
                  <thead>
                    <tr>
                      <th>{t('billing.cash.method')}</th>
                      <th className="num">{t('billing.cash.count')}</th>
                      <th className="num">{t('billing.cash.total')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...summary.byMethod].map(([method, cents]) => (
                      <tr key={method} data-testid="cash-method" data-method={method}>
                        <td data-label={t('billing.cash.method')}>{t(`billing.methods.${method}`)}</td>
                        <td className="num" data-label={t('billing.cash.count')}>
                          {t('billing.cash.payments', { count: summary.countByMethod.get(method) ?? 0 })}
                        </td>
                        <td className="num" data-label={t('billing.cash.total')}>
                          {money(cents)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th>{t('billing.cash.total')}</th>
                      <td className="num">
                        {t('billing.cash.payments', { count: summary.payments.length })}
                      </td>
                      <td className="num" data-testid="cash-total">
                        {money(summary.totalCents)}
                      </td>
                    </tr>
                  </tfoot>
                </table>
              )}
              <form
                className="card billing__editor"
                aria-label={t('billing.cash.close')}
                onSubmit={(event) => {
                  event.preventDefault();
                  void close();
                }}
              >
                <div className="form-grid">
                  <label className="field">
                    <span>{t('billing.cash.opening')}</span>
                    <input
                      inputMode="decimal"
                      value={opening}
                      onChange={(event) => setOpening(event.target.value)}
                    />
                  </label>
                  <div className="field">
                    <span>{t('billing.cash.expected')}</span>
                    <output data-testid="cash-expected">{money(expectedCents)}</output>
                  </div>
                  <label className="field">
                    <span>{t('billing.cash.counted')}</span>
                    <input
                      inputMode="decimal"
                      value={counted}
                      onChange={(event) => setCounted(event.target.value)}
                      data-testid="cash-counted"
                    />
                  </label>
                  <div className="field">
                    <span>{t('billing.cash.difference')}</span>
                    <output data-testid="cash-difference">
                      {countedCents === null ? '—' : money(countedCents - expectedCents)}
                    </output>
                  </div>
                  <label className="field">
                    <span>{t('billing.cash.notes')}</span>
                    <input value={notes} onChange={(event) => setNotes(event.target.value)} />
                  </label>
                </div>
                {error && (
                  <p className="alert alert--error" role="alert">
                    {error}
                  </p>
                )}
                <div className="form-actions">
                  <button type="submit" className="button button--primary" data-testid="close-cash">
                    {t('billing.cash.close')}
                  </button>
                </div>
              </form>
              <h2>{t('billing.cash.closures')}</h2>
              {closures.length === 0 ? (
                <p className="muted">{t('billing.cash.noClosures')}</p>
              ) : (
                <ul data-testid="cash-closures">
                  {closures.map((row) => (
                    <li key={row.id}>
                      {t('billing.cash.closed', {
                        when: formatTime(String(row['closed_at']), language, zone),
                        expected: money(centsOf(row['expected_amount'])),
                        counted: money(centsOf(row['closing_amount'])),
                      })}
                    </li>
                  ))}
                </ul>
              )}
            </>
          );
        }}
      </Live>
    </section>
  );
}
