import type { TFunction } from 'i18next';

/**
 * Where the words for an enumerated column's values live. Most share the `values` list (a status
 * reads the same on every table); some belong to a feature's own words, and a column that names
 * tables reads as the tables do. Keyed by `table.column`, or by column name for every table.
 */
const labelLists: Readonly<Record<string, string>> = {
  'prescriptions.kind': 'clinical.prescriptions.kinds',
  'certificates.kind': 'clinical.certificates.kinds',
  'allergies.severity': 'clinical.allergies.severities',
  'allergies.status': 'clinical.allergies.statuses',
  'superseded_values.reason': 'history.reasons',
  'files.owner_table': 'tables',
  route: 'clinical.routes',
};

/** Values that are names, shown as they are in every language (professional councils). */
const namesAsTheyAre: ReadonlySet<string> = new Set(['profiles.council']);

/** The list an enumerated column's value is read from, or null when the value is shown as is. */
export function valueLabelList(table: string, column: string): string | null {
  if (namesAsTheyAre.has(`${table}.${column}`)) return null;
  return labelLists[`${table}.${column}`] ?? labelLists[column] ?? 'values';
}

/** A stored value of an enumerated column, in the person's language. */
export function valueLabel(t: TFunction, table: string, column: string, value: string): string {
  const list = valueLabelList(table, column);
  return list === null ? value : t(`${list}.${value}`, { defaultValue: value });
}
