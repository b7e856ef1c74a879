import { centsOf, lineAmountCents } from '../../../core/billing/money.ts';
import type { LocalRow } from '../../../engine/local-records.ts';
import { pdfFileName, type PrintableDocument } from '../documents/document-model.ts';
import {
  headerOf,
  patientLines,
  patientName,
  placeAndDate,
  textOf,
  type DocumentSources,
} from '../documents/document-sources.ts';
import { formatMoney, formatQuantity } from './money-format.ts';

/**
 * A payment receipt, laid out by the same two renderers as the clinical documents (the print
 * page and the PDF made on the device): who paid, how much, how, the change handed back, the
 * invoice's lines and what is still due. `sources.professional` is who received the payment.
 */
export function receiptDocument(
  sources: DocumentSources,
  input: {
    readonly payment: LocalRow;
    readonly invoice: LocalRow;
    readonly lines: readonly LocalRow[];
    readonly balanceCents: number;
  },
): PrintableDocument {
  const { t, language } = sources;
  const { payment, invoice, lines } = input;
  const currency = textOf(invoice, 'currency') || 'BRL';
  const money = (cents: number) => formatMoney(cents, currency, language);
  const amount = centsOf(payment['amount']);
  const change = centsOf(payment['change_given']);
  const number = `${textOf(invoice, 'number') || invoice.id.slice(0, 8).toUpperCase()}-${payment.id.slice(0, 4).toUpperCase()}`;
  const paidAt = new Date(textOf(payment, 'paid_at') || Date.now());
  const title = t('billing.receipt.heading');
  const fields: [string, string][] = [
    [t('billing.receipt.number'), number],
    [t('billing.receipt.invoice'), textOf(invoice, 'number') || '—'],
    [
      t('billing.receipt.date'),
      new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'short' }).format(paidAt),
    ],
    [t('billing.receipt.method'), t(`billing.methods.${textOf(payment, 'method')}`)],
    [t('billing.receipt.amount'), money(amount)],
  ];
  if (change > 0) {
    fields.push([t('billing.receipt.received'), money(amount + change)]);
    fields.push([t('billing.receipt.change'), money(change)]);
  }
  const items: [string, string][] = lines.map((line) => {
    const unit = centsOf(line['unit_price']);
    const discount = centsOf(line['discount']);
    const lineAmount = lineAmountCents(line['quantity'], unit, discount) ?? centsOf(line['amount']);
    return [
      `${formatQuantity(Number(line['quantity']), language)} × ${textOf(line, 'description')} (${money(unit)})`,
      discount > 0
        ? `${money(lineAmount)} (${t('billing.receipt.discount')} ${money(discount)})`
        : money(lineAmount),
    ];
  });
  const invoiceDiscount = centsOf(invoice['discount']);
  if (invoiceDiscount > 0) items.push([t('billing.receipt.discount'), `− ${money(invoiceDiscount)}`]);
  items.push([t('billing.receipt.total'), money(centsOf(invoice['total']))]);
  items.push([t('billing.receipt.balance'), money(input.balanceCents)]);
  return {
    kind: 'receipt',
    title: t('billing.receipt.title', { number }),
    fileName: pdfFileName(t('billing.receipt.file'), number),
    layout: 'single',
    language,
    copies: [
      {
        copyLabel: null,
        header: { ...headerOf(sources), professional: '', registration: '' },
        title,
        patient: patientLines(sources),
        blocks: [
          {
            kind: 'paragraph',
            text: t('billing.receipt.statement', {
              patient: patientName(sources),
              amount: money(amount),
              invoice: textOf(invoice, 'number') || '—',
            }),
          },
          { kind: 'fields', rows: fields },
          { kind: 'heading', text: t('billing.receipt.items') },
          { kind: 'fields', rows: items },
        ],
        placeAndDate: placeAndDate(sources, paidAt),
        signature: {
          name: textOf(sources.professional, 'full_name'),
          registration: '',
          caption: t('billing.receipt.receivedBy'),
        },
        boxes: [],
        footnote: null,
      },
    ],
  };
}
