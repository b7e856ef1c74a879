import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  balanceDueCents,
  fromCents,
  invoiceTotals,
  lineAmountCents,
  parseMoneyInput,
  splitPayment,
  sumByMethod,
  toCents,
} from '../../../../src/core/billing/money.ts';

const RUNS = Number(process.env['FC_RUNS'] ?? 500);

const cents = fc.integer({ min: 0, max: 100_000_000 });
/** A quantity of up to 3 decimal places, as the screen stores it (a JSON number). */
const quantity = fc.integer({ min: 1, max: 1_000_000 }).map((thousandths) => thousandths / 1000);

/** PostgreSQL's round(q * p, 2) on numeric, with q and p as exact decimals (BigInt reference). */
function sqlRound(q: number, priceCents: number): number {
  const product = BigInt(Math.round(q * 1000)) * BigInt(priceCents); // thousandths × cents
  return Number((product + 500n) / 1000n);
}

describe('money in cents', () => {
  it('a stored amount goes to cents and back unchanged, as its exact decimal', () => {
    fc.assert(
      fc.property(cents, (c) => {
        const stored = fromCents(c);
        expect(toCents(stored)).toBe(c);
        expect(toCents(JSON.parse(JSON.stringify(stored)))).toBe(c);
        expect(toCents(String(stored))).toBe(c);
      }),
      { numRuns: RUNS },
    );
  });

  it('sums never drift: 0.1 + 0.2 is 30 cents and adding cents is exact', () => {
    expect((toCents(0.1) ?? 0) + (toCents(0.2) ?? 0)).toBe(30);
    fc.assert(
      fc.property(fc.array(cents, { maxLength: 50 }), (list) => {
        const stored = list.map(fromCents);
        const total = stored.reduce((sum, amount) => sum + (toCents(amount) ?? 0), 0);
        expect(total).toBe(list.reduce((a, b) => a + b, 0));
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses amounts that are not exact to the cent', () => {
    expect(toCents(1.005)).toBeNull();
    expect(toCents('12.345')).toBeNull();
    expect(toCents('12.340')).toBe(1234);
    expect(toCents('abc')).toBeNull();
    expect(toCents(Number.NaN)).toBeNull();
  });

  it('a line is quantity × unit price rounded half away from zero, as the server rounds', () => {
    expect(lineAmountCents(2, 4000)).toBe(8000);
    expect(lineAmountCents(0.333, 1000)).toBe(333);
    expect(lineAmountCents(1.5, 1)).toBe(2); // 1.5 cents → 2
    expect(lineAmountCents(2, 4000, 500)).toBe(7500);
    expect(lineAmountCents(1.0001, 100)).toBeNull();
    fc.assert(
      fc.property(quantity, cents, (q, price) => {
        expect(lineAmountCents(q, price)).toBe(sqlRound(q, price));
      }),
      { numRuns: RUNS },
    );
  });

  it('invoice totals are the sum of the lines minus every discount, in any order', () => {
    const line = fc.record({ quantity, unitPriceCents: fc.integer({ min: 0, max: 1_000_000 }) });
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 20 }),
        fc.integer({ min: 0, max: 1000 }),
        (raw, invoiceDiscount) => {
          const lines = raw.map((l) => ({ ...l, discountCents: Math.floor(l.unitPriceCents / 10) }));
          const totals = invoiceTotals(lines, invoiceDiscount);
          const reversed = invoiceTotals([...lines].reverse(), invoiceDiscount);
          expect(totals).toEqual(reversed);
          const expected = lines.reduce(
            (sum, l) => sum + (lineAmountCents(l.quantity, l.unitPriceCents, l.discountCents) ?? 0),
            0,
          );
          expect(totals?.subtotalCents).toBe(expected);
          expect(totals?.totalCents).toBe(expected - invoiceDiscount);
          expect(Number.isInteger(totals?.totalCents)).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('the 2 × 40 line of the report is 80, not what was typed', () => {
    expect(invoiceTotals([{ quantity: 2, unitPriceCents: 4000, discountCents: 0 }], 0)?.totalCents).toBe(
      8000,
    );
  });

  it('cash over the balance gives change; other methods never do', () => {
    expect(splitPayment(8000, 10000, 'cash')).toEqual({ kind: 'ok', appliedCents: 8000, changeCents: 2000 });
    expect(splitPayment(8000, 10000, 'card')).toEqual({ kind: 'ok', appliedCents: 8000, changeCents: 0 });
    expect(splitPayment(8000, 5000, 'pix')).toEqual({ kind: 'ok', appliedCents: 5000, changeCents: 0 });
    expect(splitPayment(8000, 0, 'cash')).toEqual({ kind: 'not_enough' });
    fc.assert(
      fc.property(cents, cents, fc.constantFrom('cash', 'card', 'pix'), (due, received, method) => {
        const split = splitPayment(due, received, method);
        if (split.kind !== 'ok') {
          expect(received).toBe(0);
          return;
        }
        expect(split.appliedCents).toBe(Math.min(due, received));
        expect(split.changeCents).toBe(method === 'cash' ? Math.max(0, received - due) : 0);
        expect(balanceDueCents(due, [split.appliedCents])).toBe(Math.max(0, due - received));
      }),
      { numRuns: RUNS },
    );
  });

  it('reads amounts as people type them in their locale', () => {
    expect(parseMoneyInput('1.234,56', ',')).toBe(123456);
    expect(parseMoneyInput('R$ 40,5', ',')).toBe(4050);
    expect(parseMoneyInput('40', ',')).toBe(4000);
    expect(parseMoneyInput('1,234.56', '.')).toBe(123456);
    expect(parseMoneyInput('L 12.30', '.')).toBe(1230);
    expect(parseMoneyInput('12,345', ',')).toBeNull();
    expect(parseMoneyInput('', ',')).toBeNull();
    expect(parseMoneyInput('abc', '.')).toBeNull();
    fc.assert(
      fc.property(cents, (c) => {
        const pt = new Intl.NumberFormat('pt-BR', { minimumFractionDigits: 2 }).format(c / 100);
        const en = new Intl.NumberFormat('en', { minimumFractionDigits: 2 }).format(c / 100);
        expect(parseMoneyInput(pt, ',')).toBe(c);
        expect(parseMoneyInput(en, '.')).toBe(c);
      }),
      { numRuns: RUNS },
    );
  });

  it('sums the day by method without losing a cent', () => {
    const sums = sumByMethod([
      { method: 'cash', amountCents: 10 },
      { method: 'pix', amountCents: 20 },
      { method: 'cash', amountCents: 20 },
    ]);
    expect([...sums]).toEqual([
      ['cash', 30],
      ['pix', 20],
    ]);
  });
});
