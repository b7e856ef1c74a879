/**
 * Money as integer cents. The database keeps amounts as `numeric` (exact decimals); the device
 * reads them back as JSON numbers, turns them into whole cents here and never adds or multiplies
 * a fractional amount, so 0.1 + 0.2 is always 30 cents. Quantities are exact decimals too, in
 * thousandths (a line may sell 1.5 ml or 0.25 of a box).
 *
 * What must stay true: `lineAmountCents` gives the same cents as the server's
 * `round(quantity * unit_price, 2) - discount` (half away from zero, every value non-negative),
 * and `invoiceTotals` the same total as the server's sum of live lines minus the invoice discount
 * (migration 20261208110000), or the server refuses the invoice.
 */

/** Digits after the decimal point a quantity may have. */
export const quantityDecimals = 3;
const quantityScale = 10n ** BigInt(quantityDecimals);

export type Cents = number;

/**
 * A decimal written with a point (`"40.5"`, `40.5`, `"-3"`) as an integer scaled by 10^decimals,
 * exactly, or null when it is not a plain decimal or has more decimals than allowed.
 */
export function scaledDecimal(value: number | string, decimals: number): bigint | null {
  const text = typeof value === 'number' ? numberText(value) : value.trim();
  if (text === null) return null;
  const match = /^(-)?(\d+)(?:\.(\d*))?$/.exec(text) ?? /^(-)?()\.(\d+)$/.exec(text);
  if (match === null) return null;
  const [, sign, whole = '', fraction = ''] = match;
  if (fraction.length > decimals) {
    // Trailing zeros beyond the scale are harmless ("2.500" as cents); anything else is not exact.
    if (!/^0*$/.test(fraction.slice(decimals))) return null;
  }
  const digits = `${whole === '' ? '0' : whole}${fraction.slice(0, decimals).padEnd(decimals, '0')}`;
  const scaled = BigInt(digits);
  return sign === '-' ? -scaled : scaled;
}

/** A JSON number as its shortest decimal text (never exponent form), or null if not finite. */
function numberText(value: number): string | null {
  if (!Number.isFinite(value)) return null;
  const text = String(value);
  if (!/e/i.test(text)) return text;
  // 1e-7 and 1e21 are not amounts anyone types; write them out so the parser can say no or yes.
  return value.toFixed(20).replace(/\.?0+$/, '');
}

/** Cents of an amount stored as numeric (read back as a number or text); null if not exact. */
export function toCents(value: unknown): Cents | null {
  if (typeof value !== 'number' && typeof value !== 'string') return null;
  const scaled = scaledDecimal(value, 2);
  return scaled === null ? null : Number(scaled);
}

/** Cents of a stored amount, 0 when missing (a draft line without a price yet). */
export function centsOf(value: unknown): Cents {
  return toCents(value) ?? 0;
}

/** The value to store in a numeric column: 4010 → 40.1 (JSON writes it as the exact decimal). */
export function fromCents(cents: Cents): number {
  return cents / 100;
}

/** A quantity in thousandths, or null when it is not a positive decimal of up to 3 places. */
export function quantityThousandths(value: unknown): bigint | null {
  if (typeof value !== 'number' && typeof value !== 'string') return null;
  return scaledDecimal(value, quantityDecimals);
}

/**
 * quantity × unit price, rounded to the cent half away from zero (PostgreSQL's `round` on
 * numeric), minus the line's discount. Null when the quantity is not exact to 3 places.
 */
export function lineAmountCents(
  quantity: unknown,
  unitPriceCents: Cents,
  discountCents: Cents = 0,
): Cents | null {
  const q = quantityThousandths(quantity);
  if (q === null) return null;
  return roundedProduct(q, BigInt(unitPriceCents)) - discountCents;
}

function roundedProduct(thousandths: bigint, cents: bigint): number {
  const product = thousandths * cents;
  const negative = product < 0n;
  const magnitude = negative ? -product : product;
  const rounded = (magnitude + quantityScale / 2n) / quantityScale;
  return Number(negative ? -rounded : rounded);
}

export interface LineInput {
  readonly quantity: unknown;
  readonly unitPriceCents: Cents;
  readonly discountCents: Cents;
}

export interface InvoiceTotals {
  /** Σ quantity × unit price, before any discount. */
  readonly grossCents: Cents;
  /** Σ line discounts + the invoice's own discount. */
  readonly discountCents: Cents;
  /** Σ line amounts (after their discounts). */
  readonly subtotalCents: Cents;
  readonly totalCents: Cents;
}

/** The invoice's totals from its live lines; null when a line's quantity is not exact. */
export function invoiceTotals(
  lines: readonly LineInput[],
  invoiceDiscountCents: Cents,
): InvoiceTotals | null {
  let gross = 0;
  let lineDiscounts = 0;
  for (const line of lines) {
    const amount = lineAmountCents(line.quantity, line.unitPriceCents, 0);
    if (amount === null) return null;
    gross += amount;
    lineDiscounts += line.discountCents;
  }
  const subtotal = gross - lineDiscounts;
  return {
    grossCents: gross,
    discountCents: lineDiscounts + invoiceDiscountCents,
    subtotalCents: subtotal,
    totalCents: subtotal - invoiceDiscountCents,
  };
}

/** What is still owed after the payments made. Never below zero. */
export function balanceDueCents(totalCents: Cents, paidCents: readonly Cents[]): Cents {
  const paid = paidCents.reduce((sum, cents) => sum + cents, 0);
  return Math.max(0, totalCents - paid);
}

export type PaymentSplit =
  | { readonly kind: 'ok'; readonly appliedCents: Cents; readonly changeCents: Cents }
  | { readonly kind: 'not_enough' };

/**
 * A payment against what is due: cash may be more than the balance (the difference is the change
 * handed back); any other method applies at most the balance and gives no change.
 */
export function splitPayment(dueCents: Cents, receivedCents: Cents, method: string): PaymentSplit {
  if (receivedCents <= 0) return { kind: 'not_enough' };
  if (receivedCents <= dueCents) return { kind: 'ok', appliedCents: receivedCents, changeCents: 0 };
  if (method !== 'cash') return { kind: 'ok', appliedCents: dueCents, changeCents: 0 };
  return { kind: 'ok', appliedCents: dueCents, changeCents: receivedCents - dueCents };
}

/**
 * What a person typed as an amount, in their locale's way of writing it: "1.234,56" (pt-BR, es)
 * or "1,234.56" (en). The last `,` or `.` followed by one or two digits is the decimal mark;
 * every other separator groups thousands. Null when it is not an amount.
 */
export function parseMoneyInput(text: string, decimalMark: ',' | '.'): Cents | null {
  const trimmed = text.replace(/\s|\u00a0/g, '').replace(/^[^\d,.-]+/, '');
  if (trimmed === '') return null;
  const group = decimalMark === ',' ? '.' : ',';
  const parts = trimmed.split(decimalMark);
  if (parts.length > 2) return null;
  const [whole = '', fraction] = parts;
  if (!/^-?[\d]*$/.test(whole.split(group).join(''))) return null;
  if (fraction !== undefined && !/^\d{0,2}$/.test(fraction)) return null;
  const digits = whole.split(group).join('');
  if (digits === '' || digits === '-') {
    if (fraction === undefined || fraction === '') return null;
  }
  return toCents(`${digits === '' || digits === '-' ? `${digits}0` : digits}.${fraction ?? ''}`);
}

/** Sums of payments per method, in cents, methods in first-seen order. */
export function sumByMethod(
  payments: readonly { readonly method: string; readonly amountCents: Cents }[],
): Map<string, Cents> {
  const sums = new Map<string, Cents>();
  for (const payment of payments)
    sums.set(payment.method, (sums.get(payment.method) ?? 0) + payment.amountCents);
  return sums;
}
