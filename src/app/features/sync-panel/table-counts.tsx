import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncReport } from '../../../engine/engine-api.ts';
import { useSyncEngine } from '../../sync/sync-engine-context.tsx';
import { Loading } from '../../components/screen-states.tsx';
import { formatDateTime } from '../../i18n/format.ts';

/** Rows per synced table on this device, with the last integrity state; refreshed with the status. */
export function TableCounts() {
  const { t, i18n } = useTranslation();
  const { api, status } = useSyncEngine();
  const [report, setReport] = useState<SyncReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!api) return;
    let cancelled = false;
    api.getSyncStatus().then(
      (value) => !cancelled && setReport(value),
      (cause: unknown) => !cancelled && setError(cause instanceof Error ? cause.message : String(cause)),
    );
    return () => {
      cancelled = true;
    };
  }, [api, status?.cursor, status?.pending]);
  return (
    <div>
      <h2>{t('syncPanel.tables')}</h2>
      {error && <p className="alert alert--error">{error}</p>}
      {!report ? (
        <Loading />
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="table-counts">
            <thead>
              <tr>
                <th>{t('syncPanel.table')}</th>
                <th>{t('syncPanel.localRows')}</th>
                <th>{t('syncPanel.state')}</th>
                <th>{t('syncPanel.lastCheck')}</th>
              </tr>
            </thead>
            <tbody>
              {report.tables.map((row) => (
                <tr key={row.table}>
                  <td>{t(`tables.${row.table}`)}</td>
                  <td>{row.rows}</td>
                  <td>{t(`syncPanel.tableStates.${row.state}`)}</td>
                  <td>{row.lastCheckAt ? formatDateTime(row.lastCheckAt, i18n.language) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
