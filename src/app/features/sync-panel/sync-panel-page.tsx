import { useTranslation } from 'react-i18next';
import { SyncStatusCard } from './sync-status-card.tsx';
import { SyncActions } from './sync-actions.tsx';
import { TableCounts } from './table-counts.tsx';
import { OutboxTable } from './outbox-table.tsx';
import { SyncCharts } from './sync-charts.tsx';
import { AuditLog } from './audit-log.tsx';
import { LocalMigrations } from './local-migrations.tsx';
import { DevicesOnline } from './devices-online.tsx';
import { FileUploadsCard } from '../files/file-uploads-card.tsx';

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
      <SyncCharts />
      <TableCounts />
      <AuditLog />
      <LocalMigrations />
    </section>
  );
}
