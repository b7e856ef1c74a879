import { centsOf, sumByMethod, type Cents } from './money.ts';

/** The calendar day (YYYY-MM-DD) of an instant in a branch's time zone, not the browser's. */
export function dayIn(instant: string | number | Date, timeZone: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(date);
}

export interface PaymentLike {
  readonly paid_at?: unknown;
  readonly method?: unknown;
  readonly amount?: unknown;
  readonly currency?: unknown;
  readonly deleted_at?: unknown;
}

export interface CashDay<P extends PaymentLike> {
  readonly payments: P[];
  /** Cents received per method, methods in first-seen order. */
  readonly byMethod: Map<string, Cents>;
  readonly countByMethod: Map<string, number>;
  readonly totalCents: Cents;
  /** Cash received (what the drawer should hold on top of the opening float). */
  readonly cashCents: Cents;
}

/** The live payments of `day` (in the branch's zone) in `currency`, summed by method. */
export function cashDay<P extends PaymentLike>(
  payments: readonly P[],
  day: string,
  timeZone: string,
  currency: string,
): CashDay<P> {
  const ofDay = payments
    .filter((p) => !p.deleted_at && p.currency === currency && dayIn(String(p.paid_at), timeZone) === day)
    .sort((a, b) => String(a.paid_at).localeCompare(String(b.paid_at)));
  const entries = ofDay.map((p) => ({ method: String(p.method), amountCents: centsOf(p.amount) }));
  const byMethod = sumByMethod(entries);
  const countByMethod = new Map<string, number>();
  for (const entry of entries) countByMethod.set(entry.method, (countByMethod.get(entry.method) ?? 0) + 1);
  return {
    payments: ofDay,
    byMethod,
    countByMethod,
    totalCents: entries.reduce((sum, entry) => sum + entry.amountCents, 0),
    cashCents: byMethod.get('cash') ?? 0,
  };
}
