import type { TFunction } from 'i18next';
import type { LocalRow } from '../../../engine/local-records.ts';

const text = (row: LocalRow, column: string): string => {
  const value = row[column];
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
};

/** How a line reads on one row of a list: drug and presentation, then how to take it. */
export function lineSummary(line: LocalRow, t: TFunction): string {
  const route = text(line, 'route');
  const how = [text(line, 'dosage'), route ? t(`clinical.routes.${route}`) : '', text(line, 'frequency')]
    .filter(Boolean)
    .join(', ');
  const duration = text(line, 'duration');
  return [
    [text(line, 'medication'), text(line, 'presentation')].filter(Boolean).join(' '),
    [how, duration ? t('clinical.prescriptions.forDuration', { duration }) : ''].filter(Boolean).join(' '),
  ]
    .filter(Boolean)
    .join(' — ');
}

/** "14 comprimidos" (the figure and its unit), or '' when no quantity was written. */
export function lineQuantity(line: LocalRow): string {
  return [text(line, 'quantity'), text(line, 'quantity_unit')].filter(Boolean).join(' ');
}
