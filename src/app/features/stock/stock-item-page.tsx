import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { fromThousandths, ledger, movementKinds } from '../../../core/inventory/stock-ledger.ts';
import type { LocalRow } from '../../../engine/local-records.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { Empty, Live } from '../../components/screen-states.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { RowRefusals } from '../../sync/row-refusals.tsx';
import { formatQuantity, quantityInput } from '../billing/money-format.ts';
import { stockWriters, useSignedInStaff } from '../billing/use-staff-role.ts';
import { moveStock, previewAfter } from './stock-actions.ts';

/** Kinds a person records here (a transfer between branches is its own workflow, not this form). */
const recordedKinds = movementKinds.filter((kind) => kind !== 'transfer');

/**
 * `/stock/:id`: one item's stock on hand, a movement form (entrada, saída, ajuste; below zero only
 * after confirming) and its ledger: every movement, oldest first, with the balance after each.
 */
export function StockItemPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const db = useClinicDb();
  const data = useLiveQuery(async () => {
    const item = await db.rows('inventory_items').get(id);
    if (!item) return null;
    const movements = (await db.rows('inventory_movements').where('item_id').equals(id).toArray()).filter(
      (row) => !row.deleted_at,
    );
    return { item, movements };
  }, [db, id]);
  return (
    <Live result={data}>
      {(value) =>
        value ? (
          <StockItem item={value.item} movements={value.movements} />
        ) : (
          <Empty>{t('common.notFound')}</Empty>
        )
      }
    </Live>
  );
}

function StockItem({ item, movements }: { item: LocalRow; movements: LocalRow[] }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const staff = useSignedInStaff();
  const canMove = staff !== 'loading' && staff.role !== null && stockWriters.includes(staff.role);
  const unit = String(item['unit'] ?? '');
  const onHand = Number(item['quantity_on_hand'] ?? 0);
  const lines = ledger(
    movements.map((row) => ({
      id: row.id,
      kind: String(row['kind']),
      quantity: row['quantity'],
      moved_at: String(row['moved_at']),
      reason: typeof row['reason'] === 'string' ? row['reason'] : '',
    })),
    item['quantity_on_hand'],
  ).reverse();
  const quantity = (thousandths: number) => formatQuantity(fromThousandths(thousandths), language);

  return (
    <section className="billing" aria-labelledby="item-title">
      <div className="toolbar">
        <Link to="/stock" className="button button--small">
          ← {t('stock.back')}
        </Link>
        <h1 id="item-title" className="toolbar__grow">
          {String(item['name'])}
        </h1>
      </div>
      <p className="stat">
        {t('stock.onHand')}:{' '}
        <strong className="stat__value" data-testid="on-hand">
          {formatQuantity(onHand, language)}
        </strong>{' '}
        {unit} {onHand < 0 && <span className="badge badge--failed">{t('stock.negative')}</span>}
      </p>
      <RowRefusals table="inventory_items" rowId={item.id} />
      {canMove ? <MovementForm item={item} /> : <p className="muted">{t('stock.readOnly')}</p>}
      <h2>
        {t('stock.ledger')} <span className="muted">({t('stock.movements', { count: lines.length })})</span>
      </h2>
      {lines.length === 0 ? (
        <p className="muted">{t('stock.noMovements')}</p>
      ) : (
        <table className="table billing__lines" data-testid="ledger">
          <thead>
            <tr>
              <th>{t('stock.when')}</th>
              <th>{t('stock.kind')}</th>
              <th>{t('stock.reason')}</th>
              <th className="num">{t('stock.change')}</th>
              <th className="num">{t('stock.balance')}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => (
              <tr key={line.movement.id} data-testid="ledger-line">
                <td data-label={t('stock.when')}>{formatDateTime(line.movement.moved_at, language)}</td>
                <td data-label={t('stock.kind')}>{t(`stock.kinds.${line.movement.kind}`)}</td>
                <td data-label={t('stock.reason')}>{line.movement.reason || '—'}</td>
                <td className="num" data-label={t('stock.change')} data-testid="ledger-change">
                  {line.deltaThousandths > 0 ? '+' : ''}
                  {quantity(line.deltaThousandths)}
                </td>
                <td className="num" data-label={t('stock.balance')} data-testid="ledger-balance">
                  {quantity(line.balanceThousandths)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function MovementForm({ item }: { item: LocalRow }) {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const language = i18n.language;
  const [kind, setKind] = useState<string>('out');
  const [quantity, setQuantity] = useState('');
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const typed = quantityInput(quantity, language);
  const after = quantity === '' ? null : previewAfter(item['quantity_on_hand'], kind, typed);

  async function save(allowBelowZero = false) {
    const result = await moveStock(db, item.id, { kind, quantity: typed, reason }, { allowBelowZero });
    if (result.ok) {
      setQuantity('');
      setReason('');
      setMessage({
        kind: 'ok',
        text: t('stock.saved', { quantity: formatQuantity(result.onHand, language) }),
      });
      return;
    }
    if (result.code === 'below_zero') {
      const below = formatQuantity(Number(result.message), language);
      if (window.confirm(t('stock.belowZero', { quantity: below }))) await save(true);
      return;
    }
    setMessage({
      kind: 'error',
      text:
        result.code === 'invalid_quantity'
          ? t('stock.invalidQuantity')
          : t('stock.failed', { reason: result.code }),
    });
  }

  return (
    <form
      className="card billing__editor"
      aria-label={t('stock.move')}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h2>{t('stock.move')}</h2>
      <div className="form-grid">
        <label className="field">
          <span>{t('stock.kind')}</span>
          <select value={kind} onChange={(event) => setKind(event.target.value)} data-testid="movement-kind">
            {recordedKinds.map((value) => (
              <option key={value} value={value}>
                {t(`stock.kinds.${value}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('stock.quantity')}</span>
          <input
            inputMode="decimal"
            value={quantity}
            onChange={(event) => setQuantity(event.target.value)}
            aria-invalid={quantity !== '' && after === null}
            data-testid="movement-quantity"
          />
          {kind === 'adjustment' && <small className="field__hint">{t('stock.adjustHint')}</small>}
        </label>
        <label className="field">
          <span>{t('stock.reason')}</span>
          <input
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            data-testid="movement-reason"
          />
        </label>
        <div className="field">
          <span>{t('stock.balance')}</span>
          <output
            data-testid="movement-after"
            className={after !== null && after < 0 ? 'field__error' : undefined}
          >
            {after === null ? '—' : t('stock.after', { quantity: formatQuantity(after, language) })}
          </output>
        </div>
      </div>
      {message && (
        <p
          className={`alert alert--${message.kind === 'ok' ? 'info' : 'error'}`}
          role={message.kind === 'ok' ? 'status' : 'alert'}
        >
          {message.text}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button--primary" data-testid="save-movement">
          {t('stock.save')}
        </button>
      </div>
    </form>
  );
}
