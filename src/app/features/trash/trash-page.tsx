import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { rulesFor } from '../../../core/entity-rules.ts';
import { syncedTableNames, type SyncedTableName } from '../../../core/synced-tables.ts';
import { mutate } from '../../../engine/write-api.ts';
import type { LocalRow } from '../../../engine/local-records.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { recordLabel } from '../../data/record-label.ts';
import { Live, Empty } from '../../components/screen-states.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useNow } from '../../sync/use-now.ts';
import { restoreWindow } from './restore-window.ts';

interface Deleted {
  readonly table: SyncedTableName;
  readonly row: LocalRow;
  readonly deletedAt: string;
}

const writableTables = syncedTableNames.filter((table) => rulesFor(table).clientWritable);

/** `/trash`: soft-deleted records of every table, newest first; restore while the window is open. */
export function TrashPage() {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const now = useNow(60_000);
  const [error, setError] = useState<string | null>(null);
  const deleted = useLiveQuery(async () => {
    const found: Deleted[] = [];
    for (const table of writableTables) {
      const rows = await db
        .rows(table)
        .filter((row) => typeof row.deleted_at === 'string')
        .toArray();
      for (const row of rows) found.push({ table, row, deletedAt: row.deleted_at as string });
    }
    return found.sort((a, b) => (a.deletedAt < b.deletedAt ? 1 : -1));
  }, [db]);

  async function restore(item: Deleted) {
    setError(null);
    const result = await mutate(db, item.table, 'undelete', item.row.id);
    if (!result.ok) setError(`${result.error.code}: ${result.error.message}`);
  }

  return (
    <section aria-labelledby="trash-title">
      <h1 id="trash-title">{t('trash.title')}</h1>
      <p className="muted">{t('trash.intro')}</p>
      {error && (
        <p className="alert alert--error" role="alert">
          {error}
        </p>
      )}
      <Live result={deleted}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t('trash.empty')}</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table table--stack" data-testid="trash-list">
                <thead>
                  <tr>
                    <th>{t('syncPanel.table')}</th>
                    <th>{t('conflicts.record')}</th>
                    <th>{t('trash.deletedAt')}</th>
                    <th>{t('common.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((item) => {
                    const window = restoreWindow(item.table, item.deletedAt, now);
                    return (
                      <tr key={`${item.table}/${item.row.id}`} data-testid="trash-row">
                        <td data-label={t('syncPanel.table')}>{t(`tables.${item.table}`)}</td>
                        <td data-label={t('conflicts.record')}>
                          {recordLabel(item.row)}
                          <MergedInto row={item.row} />
                        </td>
                        <td data-label={t('trash.deletedAt')}>
                          {formatDateTime(item.deletedAt, i18n.language)}
                        </td>
                        <td>
                          {window.restorable ? (
                            <button
                              type="button"
                              className="button button--small"
                              onClick={() => void restore(item)}
                              aria-label={`${t('common.restore')}: ${recordLabel(item.row)}`}
                            >
                              {t('common.restore')}
                            </button>
                          ) : (
                            <span className="muted" data-testid="not-restorable">
                              {t('trash.expired', { when: formatDateTime(window.since, i18n.language) })}
                            </span>
                          )}
                          {window.restorable && (
                            <span className="muted">
                              {' '}
                              {t('trash.until', { when: formatDateTime(window.until, i18n.language) })}
                            </span>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )
        }
      </Live>
    </section>
  );
}

/** A patient removed by a merge links to the chart that kept its data (tag `merged-into:<id>`). */
function MergedInto({ row }: { row: LocalRow }) {
  const { t } = useTranslation();
  const tags = Array.isArray(row['tags']) ? (row['tags'] as unknown[]) : [];
  const tag = tags.find(
    (value): value is string => typeof value === 'string' && value.startsWith('merged-into:'),
  );
  if (tag === undefined) return null;
  const keptId = tag.slice('merged-into:'.length);
  return (
    <>
      {' · '}
      <Link to={`/patients/${keptId}`} data-testid="trash-merged-into">
        {t('duplicates.mergedInto')}
      </Link>
    </>
  );
}
