import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { centsOf, lineAmountCents, parseMoneyInput } from '../../../core/billing/money.ts';
import type { LocalRow } from '../../../engine/local-records.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { saveLine } from './invoice-actions.ts';
import { decimalMark, formatMoney, formatQuantity, moneyInputText, quantityInput } from './money-format.ts';

const freeText = '';

/**
 * Adds a line to a draft invoice, or changes `line`: a service from the catalogue prefills the
 * description and the unit price (its price), or a description is typed; the amount (quantity ×
 * unit price less the discount) is computed as the person types and is never typed by hand.
 */
export function LineEditor({
  invoiceId,
  currency,
  services,
  line,
  onDone,
}: {
  invoiceId: string;
  currency: string;
  services: readonly LocalRow[];
  line: LocalRow | null;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const language = i18n.language;
  const mark = decimalMark(language);
  const [serviceId, setServiceId] = useState<string>(
    typeof line?.['service_id'] === 'string' ? line['service_id'] : freeText,
  );
  const [description, setDescription] = useState(String(line?.['description'] ?? ''));
  const [quantity, setQuantity] = useState(line ? formatQuantity(Number(line['quantity']), language) : '1');
  const [unitPrice, setUnitPrice] = useState(
    line ? moneyInputText(centsOf(line['unit_price']), language) : '',
  );
  const [discount, setDiscount] = useState(
    line && centsOf(line['discount']) ? moneyInputText(centsOf(line['discount']), language) : '',
  );
  const [error, setError] = useState<string | null>(null);

  const quantityText = quantityInput(quantity, language);
  const unitCents = unitPrice === '' ? 0 : parseMoneyInput(unitPrice, mark);
  const discountCents = discount === '' ? 0 : parseMoneyInput(discount, mark);
  const amount =
    unitCents === null || discountCents === null
      ? null
      : lineAmountCents(quantityText, unitCents, discountCents);
  const quantityOk = lineAmountCents(quantityText, 0) !== null && Number(quantityText) > 0;

  function chooseService(id: string) {
    setServiceId(id);
    const service = services.find((s) => s.id === id);
    if (!service) return;
    setDescription(String(service['name'] ?? ''));
    setUnitPrice(moneyInputText(centsOf(service['price']), language));
  }

  async function save() {
    if (!quantityOk) return setError(t('billing.invoice.invalidQuantity'));
    if (unitCents === null || discountCents === null || unitCents < 0 || discountCents < 0)
      return setError(t('billing.invoice.invalidAmount'));
    if (amount === null || amount < 0) return setError(t('billing.invoice.discountTooHigh'));
    if (description.trim() === '') return setError(t('validation.required'));
    const result = await saveLine(
      db,
      invoiceId,
      {
        serviceId: serviceId === freeText ? null : serviceId,
        description: description.trim(),
        quantity: quantityText,
        unitPriceCents: unitCents,
        discountCents,
      },
      line?.id ?? null,
    );
    if (!result.ok) return setError(t('billing.invoice.saveFailed', { reason: result.code }));
    setError(null);
    if (line === null) {
      setServiceId(freeText);
      setDescription('');
      setQuantity('1');
      setUnitPrice('');
      setDiscount('');
    }
    onDone();
  }

  return (
    <form
      className="card billing__editor"
      aria-label={t('billing.invoice.addLine')}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <div className="form-grid">
        <label className="field">
          <span>{t('billing.invoice.service')}</span>
          <select
            value={serviceId}
            onChange={(event) => chooseService(event.target.value)}
            data-testid="line-service"
          >
            <option value={freeText}>{t('billing.invoice.freeText')}</option>
            {services.map((service) => (
              <option key={service.id} value={service.id}>
                {String(service['name'])} —{' '}
                {formatMoney(centsOf(service['price']), String(service['currency'] ?? currency), language)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('billing.invoice.description')}</span>
          <input
            value={description}
            onChange={(event) => setDescription(event.target.value)}
            data-testid="line-description"
          />
        </label>
        <label className="field">
          <span>{t('billing.invoice.quantity')}</span>
          <input
            inputMode="decimal"
            value={quantity}
            onChange={(event) => setQuantity(event.target.value)}
            aria-invalid={!quantityOk}
            data-testid="line-quantity"
          />
        </label>
        <label className="field">
          <span>{t('billing.invoice.unitPrice')}</span>
          <input
            inputMode="decimal"
            value={unitPrice}
            onChange={(event) => setUnitPrice(event.target.value)}
            aria-invalid={unitCents === null}
            data-testid="line-unit-price"
          />
        </label>
        <label className="field">
          <span>{t('billing.invoice.lineDiscount')}</span>
          <input
            inputMode="decimal"
            value={discount}
            onChange={(event) => setDiscount(event.target.value)}
            aria-invalid={discountCents === null}
            data-testid="line-discount"
          />
        </label>
        <div className="field">
          <span>{t('billing.invoice.amount')}</span>
          <output data-testid="line-preview">
            {amount === null ? '—' : formatMoney(amount, currency, language)}
          </output>
        </div>
      </div>
      {error && (
        <p className="alert alert--error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button--primary" data-testid="save-line">
          {line === null ? t('billing.invoice.addLine') : t('common.save')}
        </button>
        {line !== null && (
          <button type="button" className="button" onClick={onDone}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
