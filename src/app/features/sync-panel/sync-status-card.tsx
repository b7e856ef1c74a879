import { useTranslation } from 'react-i18next';
import { useSyncEngine } from '../../sync/sync-engine-context.tsx';
import { useSyncSummary } from '../../sync/use-sync-summary.ts';
import { formatDateTime, formatNumber } from '../../i18n/format.ts';

export function SyncStatusCard() {
  const { t, i18n } = useTranslation();
  const { status, connectError } = useSyncEngine();
  const summary = useSyncSummary();
  const when = (value: string | null | undefined) =>
    value ? formatDateTime(value, i18n.language) : t('sync.never');
  const stats: [string, string, string][] = [
    ['connection', t('syncPanel.connection'), status ? t(`sync.${status.connection}`) : t('sync.starting')],
    ['phase', t('syncPanel.phase'), status ? t(`syncPanel.phases.${status.phase}`) : '—'],
    ['leader', t('syncPanel.leader'), status ? (status.leader ? t('common.yes') : t('common.no')) : '—'],
    ['cursor', t('syncPanel.cursor'), breakableNumber(status?.cursor ?? summary?.cursor ?? 0, i18n.language)],
    ['pending', t('syncPanel.pending'), String(summary?.pending ?? 0)],
    ['failed', t('syncPanel.failed'), String(summary?.failed ?? 0)],
    ['conflicts', t('syncPanel.conflicts'), String(summary?.conflicts ?? 0)],
    ['last-pull', t('syncPanel.lastPull'), when(status?.lastPullAt ?? summary?.lastPullAt)],
    ['last-push', t('syncPanel.lastPush'), when(status?.lastPushAt)],
  ];
  return (
    <>
      {connectError && (
        <p className="alert alert--error" role="alert">
          {t('syncPanel.connectError', { message: connectError })}
        </p>
      )}
      {status?.alert && (
        <p className="alert alert--error" role="alert">
          {t('syncPanel.alert', { count: status.consecutiveErrors })}
        </p>
      )}
      {status?.lastError && <p className="alert alert--warn">{status.lastError}</p>}
      {status?.serverHold && (
        <p className="alert alert--warn" role="status" data-testid="sync-server-hold">
          {t('syncPanel.serverHold', { since: formatDateTime(status.serverHold.since, i18n.language) })}
        </p>
      )}
      <dl className="stats" data-testid="sync-status-card">
        {stats.map(([key, label, value]) => (
          <div className="stat" key={key}>
            <dt className="muted">{label}</dt>
            <dd className="stat__value" data-testid={`sync-stat-${key}`}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
    </>
  );
}

/** A rev grouped by the locale, allowed to wrap only between its digit groups (revs run to 16 digits). */
function breakableNumber(value: number, locale: string): string {
  return formatNumber(value, locale, 0).replace(/([^\d])/g, '$1\u200b');
}
