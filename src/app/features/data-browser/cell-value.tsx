import { useTranslation } from 'react-i18next';
import { formatSusCard } from '../../../core/canonical/sus-card.ts';
import { syncedTableNames } from '../../../core/synced-tables.ts';
import type { ClinicColumn } from '../../../core/schema/clinic-tables.ts';
import { formatDate, formatDateTime, formatNumber, formatPhone } from '../../i18n/format.ts';
import { valueLabel } from '../../i18n/value-label.ts';
import { formatDocument } from '../clinical/patient-facts.ts';
import { ReferenceLabel } from './reference-label.tsx';

const tableNames = new Set<string>(syncedTableNames);
const phoneColumns = new Set(['phone', 'phone_normalized']);

/**
 * A stored value of `table` shown by its column type, in the current locale: an allowed value (a
 * status, a kind) and a table name by their labels, phones, documents and card numbers as people
 * write them. `row` gives the columns a value is read with (a document's type).
 */
export function CellValue({
  table,
  column,
  value,
  row,
}: {
  table: string;
  column: ClinicColumn;
  value: unknown;
  row?: Readonly<Record<string, unknown>>;
}) {
  const { t, i18n } = useTranslation();
  if (value === null || value === undefined || value === '') return <span className="muted">—</span>;
  if (column.references && typeof value === 'string')
    return <ReferenceLabel table={column.references} id={value} />;
  if (typeof value === 'string' && column.values !== undefined)
    return <>{valueLabel(t, table, column.name, value)}</>;
  if (typeof value === 'string' && column.type === 'text') {
    if (phoneColumns.has(column.name)) return <>{formatPhone(value)}</>;
    if (column.name === 'document_id') return <>{formatDocument(row?.['document_type'], value)}</>;
    if (column.name === 'sus_card_number') return <>{formatSusCard(value)}</>;
    if (column.name === 'table_name' && tableNames.has(value)) return <>{t(`tables.${value}`)}</>;
  }
  switch (column.type) {
    case 'boolean':
      return <>{value === true ? t('common.yes') : t('common.no')}</>;
    case 'date':
      return <>{formatDate(String(value), i18n.language)}</>;
    case 'timestamptz':
      return <>{formatDateTime(String(value), i18n.language)}</>;
    case 'numeric':
    case 'integer':
    case 'bigint':
      return <>{formatNumeric(value, i18n.language)}</>;
    case 'jsonb':
      return <code>{JSON.stringify(value).slice(0, 80)}</code>;
    case 'text[]':
      return <>{Array.isArray(value) ? value.join(', ') : String(value)}</>;
    default:
      return <>{String(value)}</>;
  }
}

/** Numbers with the locale's separators; numeric columns arrive as numbers or as decimal text. */
function formatNumeric(value: unknown, locale: string): string {
  if (typeof value === 'number') return formatNumber(value, locale);
  const n = Number(value);
  return typeof value === 'string' && value.trim() !== '' && Number.isFinite(n)
    ? formatNumber(n, locale)
    : String(value);
}
