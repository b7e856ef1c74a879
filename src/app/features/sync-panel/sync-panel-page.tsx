import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/screen-states.tsx';
import { SyncStatusCard } from './sync-status-card.tsx';
import { SyncActions } from './sync-actions.tsx';
import { TableCounts } from './table-counts.tsx';
import { OutboxTable } from './outbox-table.tsx';
import { AuditLog } from './audit-log.tsx';
import { LocalMigrations } from './local-migrations.tsx';
import { DevicesOnline } from './devices-online.tsx';
import { FileUploadsCard } from '../files/file-uploads-card.tsx';

// The charting library is the largest dependency and only this screen needs it: it loads on first
// visit (from the precache when offline), keeping it out of every cold start.
const SyncCharts = lazy(() => import('./sync-charts.tsx').then((module) => ({ default: module.SyncCharts })));

/** `/sync`: everything about this device's sync, for staff and for whoever supports them. */
export function SyncPanelPage() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="sync-title">
      <h1 id="sync-title">{t('syncPanel.title')}</h1>
      <SyncStatusCard />
      <SyncActions />
      <DevicesOnline />
      <OutboxTable />
      <FileUploadsCard />
      <Suspense fallback={<Loading />}>
        <SyncCharts />
      </Suspense>
      <TableCounts />
      <AuditLog />
      <LocalMigrations />
    </section>
  );
}
