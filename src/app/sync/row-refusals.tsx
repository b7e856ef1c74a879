import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { refusalOf } from '../../core/outbox/refusal.ts';
import type { SyncedTableName } from '../../core/synced-tables.ts';
import { useClinicDb } from '../data/clinic-data-context.tsx';
import { useLiveQuery } from '../data/use-live-query.ts';
import { useSyncEngine } from './sync-engine-context.tsx';
import { refusalText } from './refusal-text.ts';

/**
 * On a record's own screen: its changes the server refused, why (translated), and what to do:
 * correct it (the record's edit screen: saving folds the correction into the refused change and
 * sends it again at once), retry it as it is, or discard it after a confirmation. A refused change
 * stays on the device until a person decides.
 */
export function RowRefusals({
  table,
  rowId,
  editTo,
}: {
  table: SyncedTableName;
  rowId: string;
  /** The record's edit screen, when it has one. */
  editTo?: string;
}) {
  const { t } = useTranslation();
  const db = useClinicDb();
  const { api } = useSyncEngine();
  const [error, setError] = useState<string | null>(null);
  const entries = useLiveQuery(
    async () =>
      (await db.outbox.where('[table+rowId]').equals([table, rowId]).toArray()).filter(
        (entry) => entry.state === 'failed',
      ),
    [db, table, rowId],
  );
  if (entries.kind !== 'ready' || entries.value.length === 0) return null;

  async function act(mid: string, action: 'retry' | 'discard') {
    if (!api) return;
    if (action === 'discard' && !window.confirm(t('refusals.confirmDiscard'))) return;
    const result =
      action === 'retry' ? await api.retry(mid) : await api.discard(mid, 'discarded on the record screen');
    setError(result.ok ? null : t('refusals.reasons.server_error'));
  }

  return (
    <div className="alert alert--error" role="alert" data-testid="row-refusals">
      {entries.value.map((entry) => (
        <div key={entry.mid} className="refusal" data-testid="refusal" data-reason={refusalOf(entry).reason}>
          <p>{t('refusals.notice', { what: t(`tables.${table}`), why: refusalText(t, entry) })}</p>
          <div className="toolbar">
            {editTo && (
              <Link className="button button--small button--primary" to={editTo}>
                {t('refusals.edit')}
              </Link>
            )}
            <button
              type="button"
              className="button button--small"
              disabled={!api}
              onClick={() => void act(entry.mid, 'retry')}
            >
              {t('refusals.retry')}
            </button>
            <button
              type="button"
              className="button button--small"
              disabled={!api}
              onClick={() => void act(entry.mid, 'discard')}
              data-testid="refusal-discard"
            >
              {t('refusals.discard')}
            </button>
          </div>
        </div>
      ))}
      {error && <p>{error}</p>}
    </div>
  );
}
