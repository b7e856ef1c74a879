import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutboxEntry } from '../../../core/outbox/outbox-entry.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { useSyncEngine } from '../../sync/sync-engine-context.tsx';
import { Live, Empty } from '../../components/screen-states.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { refusalText } from '../../sync/refusal-text.ts';

const shownLimit = 300;

/**
 * Outbox entries the server has not confirmed (newest 300), with their state and last error.
 * Failed entries can be retried; failed and conflicting ones discarded, after a confirmation that
 * says the edit will be lost. Nothing here deletes an entry silently: the engine audits both.
 */
export function OutboxTable() {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const { api } = useSyncEngine();
  const [error, setError] = useState<string | null>(null);
  const entries = useLiveQuery(
    () =>
      db.outbox
        .orderBy('seq')
        .reverse()
        .filter((entry) => entry.state !== 'done')
        .limit(shownLimit)
        .toArray(),
    [db],
  );

  async function act(entry: OutboxEntry, action: 'retry' | 'discard') {
    if (!api) return;
    if (
      action === 'discard' &&
      !window.confirm(
        t('syncPanel.confirmDiscard', {
          table: t(`tables.${entry.table}`),
          op: t(`syncPanel.ops.${entry.op}`),
        }),
      )
    )
      return;
    setError(null);
    const result =
      action === 'retry'
        ? await api.retry(entry.mid)
        : await api.discard(entry.mid, 'discarded from the sync panel');
    if (!result.ok) setError(`${result.error.code}: ${result.error.message}`);
  }

  return (
    <div>
      <h2>{t('syncPanel.outbox')}</h2>
      {error && (
        <p className="alert alert--error" role="alert">
          {error}
        </p>
      )}
      <Live result={entries}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t('syncPanel.outboxEmpty')}</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table table--stack" data-testid="outbox-table">
                <thead>
                  <tr>
                    <th>#</th>
                    <th>{t('syncPanel.table')}</th>
                    <th>{t('syncPanel.operation')}</th>
                    <th>{t('syncPanel.state')}</th>
                    <th>{t('syncPanel.attempts')}</th>
                    <th>{t('syncPanel.editedAt')}</th>
                    <th>{t('syncPanel.lastError')}</th>
                    <th>{t('common.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((entry) => (
                    <tr key={entry.seq} data-testid="outbox-row" data-state={entry.state}>
                      <td data-label="#">{entry.seq}</td>
                      <td data-label={t('syncPanel.table')}>
                        {t(`tables.${entry.table}`)} <span className="muted">{entry.rowId.slice(0, 8)}</span>
                      </td>
                      <td data-label={t('syncPanel.operation')}>{t(`syncPanel.ops.${entry.op}`)}</td>
                      <td data-label={t('syncPanel.state')}>
                        <span
                          className={`badge badge--${entry.state === 'sending' ? 'pending' : entry.state}`}
                        >
                          {t(`syncPanel.states.${entry.state}`)}
                        </span>
                      </td>
                      <td data-label={t('syncPanel.attempts')}>{entry.attempts}</td>
                      <td data-label={t('syncPanel.editedAt')}>{formatDateTime(entry.at, i18n.language)}</td>
                      <td data-label={t('syncPanel.lastError')} data-code={entry.lastError?.code}>
                        {entry.lastError || entry.state === 'failed' ? refusalText(t, entry) : ''}
                      </td>
                      <td>
                        {entry.state === 'failed' && (
                          <button
                            type="button"
                            className="button button--small"
                            disabled={!api}
                            onClick={() => void act(entry, 'retry')}
                          >
                            {t('syncPanel.retry')}
                          </button>
                        )}
                        {(entry.state === 'failed' || entry.state === 'conflict') && (
                          <button
                            type="button"
                            className="button button--small button--danger"
                            disabled={!api}
                            onClick={() => void act(entry, 'discard')}
                          >
                            {t('syncPanel.discard')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Live>
    </div>
  );
}
