import { useTranslation } from 'react-i18next';
import type { ClinicColumn } from '../../../core/schema/clinic-tables.ts';
import { formatDate, formatDateTime, formatNumber } from '../../i18n/format.ts';
import { valueLabel } from '../../i18n/value-label.ts';
import { ReferenceLabel } from './reference-label.tsx';

/** A stored value of `table` shown by its column type, in the current locale. */
export function CellValue({ table, column, value }: { table: string; column: ClinicColumn; value: unknown }) {
  const { t, i18n } = useTranslation();
  if (value === null || value === undefined || value === '') return <span className="muted">—</span>;
  if (column.references && typeof value === 'string')
    return <ReferenceLabel table={column.references} id={value} />;
  if (column.values && typeof value === 'string') return <>{valueLabel(t, table, column.name, value)}</>;
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
      return <>{typeof value === 'number' ? formatNumber(value, i18n.language) : String(value)}</>;
    case 'jsonb':
      return <code>{JSON.stringify(value).slice(0, 80)}</code>;
    case 'text[]':
      return <>{Array.isArray(value) ? value.join(', ') : String(value)}</>;
    default:
      return <>{String(value)}</>;
  }
}
