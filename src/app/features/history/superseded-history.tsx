import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { isFollowingColumn } from '../../../core/canonical/following-columns.ts';
import { restoringEdit, type KeptValue } from '../../../core/merge/restoring-edit.ts';
import type { SyncedTableName } from '../../../core/synced-tables.ts';
import type { LocalRow } from '../../../engine/local-records.ts';
import { mutate } from '../../../engine/write-api.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { formatDateTime, formatPhone } from '../../i18n/format.ts';
import { columnLabel } from '../data-browser/column-label.ts';
import { clinicTable } from '../../../core/schema/clinic-tables.ts';
import { valueLabel } from '../../i18n/value-label.ts';

interface HistoryData {
  readonly kept: LocalRow[];
  readonly names: ReadonlyMap<string, string>;
  readonly thisDevice: string | null;
}

/**
 * The values a merge or a decision replaced on this record, newest first, as every device keeps
 * them (`superseded_values`): what was typed, by whom, when, on which device, and what replaced
 * it. "Bring back" writes the value again as a new edit of the record, synced like any other.
 */
export function SupersededHistory({ table, rowId }: { table: SyncedTableName; rowId: string }) {
  const { t } = useTranslation();
  const db = useClinicDb();
  const data = useLiveQuery(async (): Promise<HistoryData> => {
    const kept = (
      await db.rows('superseded_values').where('[table_name+row_id]').equals([table, rowId]).toArray()
    )
      .filter((row) => !isFollowingColumn(table, String(row['column_name'])))
      .sort((a, b) => String(b['created_at'] ?? '~').localeCompare(String(a['created_at'] ?? '~')));
    const names = new Map<string, string>();
    for (const profile of await db.rows('profiles').toArray())
      names.set(profile.id, String(profile['full_name'] ?? ''));
    const client = await db.sync_state.get('client');
    return { kept, names, thisDevice: client?.key === 'client' ? client.clientId : null };
  }, [db, table, rowId]);
  if (data.kind !== 'ready' || data.value.kept.length === 0) return null;
  return (
    <section className="card" aria-labelledby={`history-${rowId}`} data-testid="superseded-history">
      <h2 id={`history-${rowId}`}>{t('history.title')}</h2>
      <p className="muted">{t('history.intro')}</p>
      <ul>
        {data.value.kept.map((kept) => (
          <KeptItem key={kept.id} table={table} rowId={rowId} kept={kept} data={data.value} />
        ))}
      </ul>
    </section>
  );
}

function KeptItem({
  table,
  rowId,
  kept,
  data,
}: {
  table: SyncedTableName;
  rowId: string;
  kept: LocalRow;
  data: HistoryData;
}) {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const [state, setState] = useState<'idle' | 'restored' | 'failed'>('idle');
  const value: KeptValue = {
    table_name: table,
    column_name: String(kept['column_name']),
    section: typeof kept['section'] === 'string' ? kept['section'] : null,
    value: kept['value'],
  };
  async function restore() {
    const current = (await db.rows(table).get(rowId)) ?? {};
    const result = await mutate(db, table, 'update', rowId, restoringEdit(value, current));
    setState(result.ok ? 'restored' : 'failed');
  }
  return (
    <li data-testid="superseded-item">
      <span>
        {t('history.item', {
          field: fieldLabel(t, value),
          value: shown(t, table, kept['value'], value.column_name),
          who: typedBy(t, kept, data.names),
          when: formatDateTime(String(kept['typed_at'] ?? ''), i18n.language) || '—',
          where: typedOn(kept) === data.thisDevice ? t('history.onThisDevice') : t('history.onAnotherDevice'),
          why: t(`history.reasons.${String(kept['reason'])}`, { defaultValue: t('history.reasons.lww') }),
          by: shown(t, table, kept['replaced_with'], value.column_name),
        })}
      </span>{' '}
      {state === 'idle' && (
        <button
          type="button"
          className="button button--small"
          onClick={() => void restore()}
          data-testid="restore-value"
        >
          {t('history.restore')}
        </button>
      )}
      {state === 'restored' && <span className="badge badge--done">{t('history.restored')}</span>}
      {state === 'failed' && (
        <span className="alert alert--error" role="alert">
          {t('history.restoreFailed')}
        </span>
      )}
    </li>
  );
}

function fieldLabel(t: TFunction, value: KeptValue): string {
  if (value.section !== null)
    return t(`encounters.sections.${value.section}`, { defaultValue: value.section });
  return columnLabel(t, value.column_name);
}

/**
 * A kept value for reading as the record's screen shows it: a phone formatted, an allowed value
 * (a status, a sex) by its label.
 */
function shown(t: TFunction, table: SyncedTableName, value: unknown, column: string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value !== 'string') return JSON.stringify(value);
  if (column === 'phone') return formatPhone(value);
  const allowed = clinicTable(table).columns.find((c) => c.name === column)?.values;
  return allowed?.includes(value) ? valueLabel(t, table, column, value) : value;
}

/** Whoever typed it: the replaced row's editor, or (null) the device that kept it, whose row this is. */
function typedBy(t: TFunction, kept: LocalRow, names: ReadonlyMap<string, string>): string {
  const editor = typeof kept['typed_by'] === 'string' ? kept['typed_by'] : kept['last_editor'];
  const user = typeof editor === 'string' ? editor.split('/')[0] : undefined;
  return (user && names.get(user)) || t('history.someone');
}

function typedOn(kept: LocalRow): string | null {
  return typeof kept['typed_on'] === 'string' ? kept['typed_on'] : null;
}
