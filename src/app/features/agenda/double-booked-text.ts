import type { Clash } from './double-booking.ts';

type Translate = (key: string, options: { context: string }) => string;

/**
 * The double-booking warning as a sentence of its own for each case (the professional's time, the
 * room, both), so no language has to glue words together ("profissional, sala já ocupado(a)").
 */
export function doubleBookedText(t: Translate, clashes: readonly Pick<Clash, 'kind'>[]): string {
  const kinds = new Set(clashes.map((clash) => clash.kind));
  const context =
    kinds.has('professional') && kinds.has('room') ? 'both' : kinds.has('room') ? 'room' : 'professional';
  return t('agenda.doubleBooked', { context });
}
