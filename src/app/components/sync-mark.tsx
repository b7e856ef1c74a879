import { useTranslation } from 'react-i18next';
import type { RowSyncMark } from '../data/use-open-outbox-rows.ts';

/** The badge a row wears while its edit is not confirmed by the server. */
export function SyncMark({ mark }: { mark: RowSyncMark | undefined }) {
  const { t } = useTranslation();
  if (!mark) return null;
  const label =
    mark === 'pending' ? t('sync.pendingBadge') : mark === 'conflict' ? t('nav.conflicts') : t('sync.error');
  return (
    <span className={`badge badge--${mark}`} data-testid="row-sync-mark" data-mark={mark}>
      {label}
    </span>
  );
}
