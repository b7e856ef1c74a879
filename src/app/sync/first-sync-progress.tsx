import { useTranslation } from 'react-i18next';
import { useSyncEngine } from './sync-engine-context.tsx';
import { useSyncSummary } from './use-sync-summary.ts';

/**
 * A bar under the navigation while this device has never finished a pull. The total is unknown
 * until the server says `has_more: false`, so the bar advances by pages and shows the row count.
 */
export function FirstSyncProgress() {
  const { t } = useTranslation();
  const engine = useSyncEngine();
  const summary = useSyncSummary();
  if (!summary || summary.lastPullAt !== null || engine.phase === 'error') return null;
  const rows = engine.pulledRows;
  const width = Math.min(95, 10 + Math.log10(rows + 1) * 18);
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={t('sync.firstSync', { rows })}
      aria-valuetext={t('sync.firstSync', { rows })}
      data-testid="first-sync-progress"
    >
      <div className="progress__bar" style={{ width: `${width}%` }} />
    </div>
  );
}
