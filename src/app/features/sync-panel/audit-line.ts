import type { TFunction } from 'i18next';
import type { AuditRecord } from '../../../engine/local-records.ts';
import { columnLabel } from '../data-browser/column-label.ts';
import { refusalText } from '../../sync/refusal-text.ts';

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * An audit line in the person's language where its kind is one a person must understand (a
 * refused change, a replaced value): said from its details, never from the server's words.
 * Other lines keep the engine's technical message.
 */
export function auditLineText(t: TFunction, record: AuditRecord): string {
  const details = record.details ?? {};
  const table = text(details['table']);
  if (record.kind === 'rejected' && table) {
    const code = text(details['code']) ?? 'unknown';
    const lastError = { code, message: text(details['serverMessage']) ?? '' };
    return t('refusals.notice', { what: t(`tables.${table}`), why: refusalText(t, { table, lastError }) });
  }
  if (record.kind === 'value-superseded' && table) {
    const section = text(details['section']);
    const column = text(details['column']) ?? '';
    return t('syncPanel.auditSuperseded', {
      what: t(`tables.${table}`),
      field: section
        ? t(`encounters.sections.${section}`, { defaultValue: section })
        : columnLabel(t, column),
      value: text(details['value']) ?? '',
      why: t(`history.reasons.${text(details['reason']) ?? 'lww'}`),
    });
  }
  return record.message;
}
