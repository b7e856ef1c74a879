import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { syncedTableNames, isSyncedTableName } from '../../../core/synced-tables.ts';
import type { CommandResult } from '../../../engine/command-result.ts';
import type { IntegrityReport } from '../../../engine/integrity-check.ts';
import { useSyncEngine } from '../../sync/sync-engine-context.tsx';
import { useIsAdmin } from '../../auth/use-table-access.ts';

type Outcome =
  { readonly kind: 'ok'; readonly text: string } | { readonly kind: 'error'; readonly text: string };

/** Sync now, reset one table or all, force a full resync, integrity check, tombstone cleanup. */
export function SyncActions() {
  const { t } = useTranslation();
  const { api } = useSyncEngine();
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [table, setTable] = useState<string>('patients');
  const [report, setReport] = useState<IntegrityReport | null>(null);

  async function run(name: string, action: () => Promise<Outcome>) {
    setBusy(name);
    setOutcome(null);
    try {
      setOutcome(await action());
    } catch (error) {
      setOutcome({ kind: 'error', text: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(null);
    }
  }

  const fromCommand = (result: CommandResult, done: string): Outcome =>
    result.ok
      ? { kind: 'ok', text: done }
      : { kind: 'error', text: `${result.error.code}: ${result.error.message}` };

  const disabled = api === null || busy !== null;
  // Throwing local copies away (a table's or all of them) and purging tombstones are device
  // maintenance: administration's, not a button to try when something looks wrong.
  const maintains = useIsAdmin();
  return (
    <div className="card" style={{ marginTop: '1rem' }}>
      <h2>{t('syncPanel.actions')}</h2>
      <div className="toolbar">
        <button
          type="button"
          className="button button--primary"
          disabled={disabled}
          data-testid="sync-now"
          onClick={() =>
            void run('sync', async () => {
              const status = await api!.syncNow();
              return status.connection === 'error'
                ? { kind: 'error', text: status.lastError ?? t('sync.error') }
                : { kind: 'ok', text: t('syncPanel.done') };
            })
          }
        >
          {busy === 'sync' ? t('sync.syncing') : t('syncPanel.syncNow')}
        </button>
        <button
          type="button"
          className="button"
          disabled={disabled}
          onClick={() =>
            void run('integrity', async () => {
              const result = await api!.runIntegrityCheck();
              setReport(result);
              return result.ok
                ? { kind: 'ok', text: t('syncPanel.integrityOk') }
                : { kind: 'error', text: t('syncPanel.integrityBad') };
            })
          }
        >
          {t('syncPanel.integrity')}
        </button>
        {maintains && (
          <button
            type="button"
            className="button"
            disabled={disabled}
            onClick={() =>
              void run('tombstones', async () => {
                const { removed } = await api!.cleanupTombstones();
                return { kind: 'ok', text: t('syncPanel.tombstonesRemoved', { count: removed }) };
              })
            }
          >
            {t('syncPanel.tombstones')}
          </button>
        )}
      </div>
      {maintains ? (
        <div className="toolbar">
          <label className="field">
            <span>{t('syncPanel.table')}</span>
            <select value={table} onChange={(e) => setTable(e.target.value)}>
              {syncedTableNames.map((name) => (
                <option key={name} value={name}>
                  {t(`tables.${name}`)}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="button"
            disabled={disabled}
            onClick={() => {
              if (
                !isSyncedTableName(table) ||
                !window.confirm(t('syncPanel.confirmResetTable', { table: t(`tables.${table}`) }))
              )
                return;
              void run('reset', async () =>
                fromCommand(await api!.resetSyncState(table), t('syncPanel.done')),
              );
            }}
          >
            {t('syncPanel.resetTable')}
          </button>
          <button
            type="button"
            className="button button--danger"
            disabled={disabled}
            onClick={() => {
              if (!window.confirm(t('syncPanel.confirmFullResync'))) return;
              void run('full', async () => fromCommand(await api!.forceFullResync(), t('syncPanel.done')));
            }}
          >
            {t('syncPanel.fullResync')}
          </button>
        </div>
      ) : (
        <p className="muted" data-testid="maintenance-for-admins">
          {t('syncPanel.maintenanceForAdmins')}
        </p>
      )}
      {outcome && (
        <p
          className={`alert ${outcome.kind === 'ok' ? 'alert--info' : 'alert--error'}`}
          role="status"
          data-testid="sync-action-outcome"
        >
          {outcome.text}
        </p>
      )}
      {report && (
        <div className="table-wrap">
          <table className="table" data-testid="integrity-report">
            <thead>
              <tr>
                <th>{t('syncPanel.table')}</th>
                <th>{t('syncPanel.localRows')}</th>
                <th>{t('syncPanel.serverRows')}</th>
                <th>{t('syncPanel.state')}</th>
              </tr>
            </thead>
            <tbody>
              {report.tables.map((row) => (
                <tr key={row.table}>
                  <td>{t(`tables.${row.table}`)}</td>
                  <td>{row.local.count}</td>
                  <td>{row.remote?.count ?? '—'}</td>
                  <td>
                    <span
                      className={`badge ${row.state === 'ok' || row.state === 'repaired' ? 'badge--done' : 'badge--failed'}`}
                    >
                      {t(`syncPanel.integrityStates.${row.state}`)}
                    </span>
                    {row.message && <span className="muted"> {row.message}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
