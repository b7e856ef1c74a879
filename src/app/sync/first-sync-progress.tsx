import { useTranslation } from 'react-i18next';
import { useSyncEngine } from './sync-engine-context.tsx';
import { useSyncSummary } from './use-sync-summary.ts';
import { useClinicDb } from '../data/clinic-data-context.tsx';
import { useLiveQuery } from '../data/use-live-query.ts';

/**
 * A bar under the navigation while this device has never finished a pull. The total is unknown
 * until the server says `has_more: false`, so the bar advances by pages and shows the row count.
 */
export function FirstSyncProgress() {
  const { t } = useTranslation();
  const engine = useSyncEngine();
  const summary = useSyncSummary();
  const db = useClinicDb();
  const pulled = useLiveQuery(async () => {
    let rows = 0;
    await db.metrics
      .where('kind')
      .equals('pull')
      .each((cycle) => (rows += cycle.rows));
    return rows;
  }, [db]);
  if (!summary || summary.lastPullAt !== null || engine.status?.connection === 'error') return null;
  const rows = pulled.kind === 'ready' ? pulled.value : 0;
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
