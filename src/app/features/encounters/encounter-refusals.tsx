import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalRow } from '../../../engine/local-records.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { useSyncEngine } from '../../sync/sync-engine-context.tsx';
import { rowIdsOf } from './encounter-parts.ts';
import { refusedAsSigned, refusedEditText } from './refused-edit.ts';
import { writeAddendum } from './addenda.tsx';
import { refusalText } from '../../sync/refusal-text.ts';

/**
 * Edits of this encounter (or of its parts) the server refused, said in the person's language,
 * where they are working. A change refused because another device signed the encounter first
 * can become an addendum in one action, so what was typed is kept; anything else can be retried
 * or discarded (after a confirmation). Nothing goes away by itself.
 */
export function EncounterRefusals({ encounterId, me }: { encounterId: string; me: LocalRow }) {
  const { t } = useTranslation();
  const db = useClinicDb();
  const { api } = useSyncEngine();
  const [error, setError] = useState<string | null>(null);
  const entries = useLiveQuery(async () => {
    const failed = await db.outbox.where('state').equals('failed').toArray();
    if (failed.length === 0) return [];
    const ids = await rowIdsOf(db, encounterId);
    return failed.filter((entry) => ids.has(entry.rowId));
  }, [db, encounterId]);
  if (entries.kind !== 'ready' || entries.value.length === 0) return null;

  async function keep(mid: string, body: string) {
    if (!api) return;
    const written = await writeAddendum(db, encounterId, me, body);
    if (!written.ok) return setError(t('clinical.saveFailed', { code: written.error.code }));
    const discarded = await api.discard(mid, 'kept as an addendum of the signed encounter');
    setError(discarded.ok ? null : t('clinical.saveFailed', { code: discarded.error.code }));
  }

  async function discard(mid: string) {
    if (!api || !window.confirm(t('clinical.refusals.confirmDiscard'))) return;
    const result = await api.discard(mid, 'discarded on the encounter screen');
    setError(result.ok ? null : t('clinical.saveFailed', { code: result.error.code }));
  }

  return (
    <div className="alert alert--error" role="alert" data-testid="encounter-refusals">
      {entries.value.map((entry) => {
        const what = t(`tables.${entry.table}`);
        const signed = refusedAsSigned(entry);
        const text = refusedEditText(entry, t);
        return (
          <div
            key={entry.mid}
            className="refusal"
            data-testid="refusal"
            data-reason={signed ? 'signed' : 'other'}
          >
            <p>
              {signed
                ? t('clinical.refusals.signed', { what })
                : t('refusals.notice', { what, why: refusalText(t, entry) })}
            </p>
            {text && <pre className="refusal__text">{text}</pre>}
            <div className="toolbar">
              {signed && text && (
                <button
                  type="button"
                  className="button button--small button--primary"
                  onClick={() => void keep(entry.mid, text)}
                  data-testid="refusal-to-addendum"
                >
                  {t('clinical.refusals.toAddendum')}
                </button>
              )}
              {!signed && (
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => void api?.retry(entry.mid)}
                >
                  {t('syncPanel.retry')}
                </button>
              )}
              <button type="button" className="button button--small" onClick={() => void discard(entry.mid)}>
                {t('syncPanel.discard')}
              </button>
            </div>
          </div>
        );
      })}
      {error && <p>{error}</p>}
    </div>
  );
}
