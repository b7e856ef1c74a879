import type { TFunction } from 'i18next';
import { refusalOf } from '../../core/outbox/refusal.ts';
import { columnLabel } from '../features/data-browser/column-label.ts';

/**
 * Why an entry was refused, in the person's language: the coded reason, and the field when the
 * server named it. Never the server's or the database's own words.
 */
export function refusalText(t: TFunction, entry: Parameters<typeof refusalOf>[0]): string {
  const refusal = refusalOf(entry);
  const why = t(`refusals.reasons.${refusal.reason}`);
  return refusal.column ? `${why} (${t('refusals.field', { field: columnLabel(t, refusal.column) })})` : why;
}
