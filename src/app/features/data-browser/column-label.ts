import type { TFunction } from 'i18next';

/** A column's label: translated when the catalogue of labels knows it, else its name made readable. */
export function columnLabel(t: TFunction, column: string): string {
  return t(`columns.${column}`, { defaultValue: column.replace(/_id$/, '').replace(/_/g, ' ') });
}
