import type { TFunction } from 'i18next';
import type { OutboxEntry } from '../../../core/outbox/outbox-entry.ts';
import type { LocalRow } from '../../../engine/local-records.ts';
import { lineSummary } from '../documents/prescription-lines.ts';
import { asRecord, textSections } from './record-sections.ts';

/** Whether the server refused the entry because its encounter was already signed. */
export function refusedAsSigned(entry: Pick<OutboxEntry, 'lastError'>): boolean {
  return entry.lastError?.message.startsWith('signed_encounter:') ?? false;
}

/**
 * What a refused edit of an encounter's part said, as text a person can keep in an addendum:
 * the sections it changed, the drug line it added, the diagnosis it coded. '' when it carried
 * nothing worth keeping (a delete, a status change).
 */
export function refusedEditText(
  entry: Pick<OutboxEntry, 'table' | 'op' | 'data' | 'base'>,
  t: TFunction,
): string {
  if (entry.op === 'delete' || entry.op === 'undelete') return '';
  const data = entry.data;
  switch (entry.table) {
    case 'encounters': {
      const mine = asRecord(data['record']);
      const base = asRecord(entry.base['record']);
      return textSections
        .filter(
          (section) =>
            typeof mine[section] === 'string' && mine[section] !== base[section] && mine[section] !== '',
        )
        .map((section) => `${t(`encounters.sections.${section}`)}: ${String(mine[section])}`)
        .join('\n');
    }
    case 'prescription_items':
      return typeof data['medication'] === 'string' || entry.op === 'update'
        ? `${t('encounters.sections.prescriptions')}: ${lineSummary({ id: '', rev: 0, ...data } as LocalRow, t)}`
        : '';
    case 'encounter_diagnoses':
      return typeof data['code'] === 'string'
        ? `${t('clinical.diagnoses.title')}: ${String(data['code'])} ${String(data['description'] ?? '')}`.trim()
        : '';
    default:
      return '';
  }
}
