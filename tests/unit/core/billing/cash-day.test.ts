import { describe, expect, it } from 'vitest';
import { cashDay, dayIn } from '../../../../src/core/billing/cash-day.ts';

describe('the cash day of a branch', () => {
  it("counts a payment in the branch's day, not the browser's", () => {
    // 01:30 UTC on the 9th is still the 8th in São Paulo (UTC-3) and in Tegucigalpa (UTC-6).
    expect(dayIn('2026-12-09T01:30:00Z', 'America/Sao_Paulo')).toBe('2026-12-08');
    expect(dayIn('2026-12-09T05:59:00Z', 'America/Tegucigalpa')).toBe('2026-12-08');
    expect(dayIn('2026-12-09T06:00:00Z', 'America/Tegucigalpa')).toBe('2026-12-09');
  });

  it('sums the live payments of the day by method, in the currency, to the cent', () => {
    const payments = [
      { paid_at: '2026-12-08T12:00:00Z', method: 'cash', amount: 0.1, currency: 'BRL' },
      { paid_at: '2026-12-08T13:00:00Z', method: 'pix', amount: 80, currency: 'BRL' },
      { paid_at: '2026-12-08T14:00:00Z', method: 'cash', amount: 0.2, currency: 'BRL' },
      {
        paid_at: '2026-12-08T15:00:00Z',
        method: 'cash',
        amount: 5,
        currency: 'BRL',
        deleted_at: '2026-12-08T16:00:00Z',
      },
      { paid_at: '2026-12-08T15:00:00Z', method: 'cash', amount: 7, currency: 'HNL' },
      { paid_at: '2026-12-09T12:00:00Z', method: 'card', amount: 50, currency: 'BRL' },
    ];
    const day = cashDay(payments, '2026-12-08', 'America/Sao_Paulo', 'BRL');
    expect([...day.byMethod]).toEqual([
      ['cash', 30],
      ['pix', 8000],
    ]);
    expect(day.countByMethod.get('cash')).toBe(2);
    expect(day.totalCents).toBe(8030);
    expect(day.cashCents).toBe(30);
    expect(day.payments).toHaveLength(3);
  });
});
