import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useOnline } from './use-online.ts';
import { useSyncSummary } from './use-sync-summary.ts';
import { useSyncEngine } from './sync-engine-context.tsx';
import { formatRelative } from '../i18n/format.ts';
import { useNow } from './use-now.ts';
import type { SyncStatus } from '../../engine/engine-api.ts';

export type IndicatorStatus = 'offline' | 'syncing' | 'error' | 'online';

/**
 * The browser's offline flag wins (nothing can sync); then refused changes (`failed` entries wait
 * for a person: the header must not say all is well); otherwise the engine's own view of the
 * link; before the engine has answered, "syncing" (it is starting).
 */
export function indicatorStatus(online: boolean, status: SyncStatus | null, refused = 0): IndicatorStatus {
  if (!online) return 'offline';
  if (refused > 0) return 'error';
  if (!status) return 'syncing';
  return status.connection;
}

/** Header badge on every screen: link state, pending count, last sync; opens the sync panel. */
export function SyncIndicator() {
  const { t, i18n } = useTranslation();
  const online = useOnline();
  const summary = useSyncSummary();
  const engine = useSyncEngine();
  const now = useNow(15_000);
  const refused = summary?.failed ?? 0;
  const status = indicatorStatus(online, engine.status, refused);
  const lastSync = summary?.lastPullAt
    ? formatRelative(Date.parse(summary.lastPullAt), now, i18n.language)
    : t('sync.never');
  return (
    <Link
      to="/sync"
      className="sync-indicator"
      data-status={status}
      data-testid="sync-indicator"
      title={`${t('sync.openPanel')} — ${t('sync.lastSync', { when: lastSync })}`}
      aria-label={`${t(`sync.${status}`)}, ${t('sync.pending', { count: summary?.pending ?? 0 })}${refused > 0 ? `, ${t('refusals.count', { count: refused })}` : ''}, ${t('sync.lastSync', { when: lastSync })}. ${t('sync.openPanel')}`}
    >
      <span className="sync-indicator__dot" aria-hidden="true" />
      <span data-testid="sync-status">{t(`sync.${status}`)}</span>
      <span data-testid="sync-pending" data-count={summary?.pending ?? 0}>
        · {t('sync.pending', { count: summary?.pending ?? 0 })}
      </span>
      {refused > 0 && (
        <span className="badge badge--failed" data-testid="sync-refused" data-count={refused}>
          {t('refusals.count', { count: refused })}
        </span>
      )}
      {summary && summary.conflicts > 0 && (
        <span className="badge badge--conflict">{t('sync.conflicts', { count: summary.conflicts })}</span>
      )}
      {engine.status?.alert && <span className="badge badge--failed">{t('sync.alert')}</span>}
      <span className="visually-hidden">{t('sync.lastSync', { when: lastSync })}</span>
    </Link>
  );
}
