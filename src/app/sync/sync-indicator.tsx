import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useOnline } from './use-online.ts';
import { useSyncSummary } from './use-sync-summary.ts';
import { useSyncEngine } from './sync-engine-context.tsx';
import { formatRelative } from '../i18n/format.ts';
import { useNow } from './use-now.ts';

export type IndicatorStatus = 'offline' | 'syncing' | 'error' | 'online';

/** Offline wins (nothing can sync); then an engine error; then activity; else online. */
export function indicatorStatus(online: boolean, phase: string): IndicatorStatus {
  if (!online) return 'offline';
  if (phase === 'error') return 'error';
  if (phase === 'syncing' || phase === 'starting') return 'syncing';
  return 'online';
}

/** Header badge on every screen: link state, pending count, last sync; opens the sync panel. */
export function SyncIndicator() {
  const { t, i18n } = useTranslation();
  const online = useOnline();
  const summary = useSyncSummary();
  const engine = useSyncEngine();
  const now = useNow(15_000);
  const status = indicatorStatus(online, engine.phase);
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
      aria-label={`${t(`sync.${status}`)}, ${t('sync.pending', { count: summary?.pending ?? 0 })}, ${t('sync.lastSync', { when: lastSync })}. ${t('sync.openPanel')}`}
    >
      <span className="sync-indicator__dot" aria-hidden="true" />
      <span data-testid="sync-status">{t(`sync.${status}`)}</span>
      <span data-testid="sync-pending" data-count={summary?.pending ?? 0}>
        · {t('sync.pending', { count: summary?.pending ?? 0 })}
      </span>
      {summary && summary.conflicts > 0 && <span className="badge badge--conflict">{t('sync.conflicts', { count: summary.conflicts })}</span>}
      <span className="visually-hidden">{t('sync.lastSync', { when: lastSync })}</span>
    </Link>
  );
}
