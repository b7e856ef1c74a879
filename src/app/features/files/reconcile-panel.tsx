import { useState } from 'react';
import { reconcileStorage, type ReconcileOutcome } from '../../../engine/files/reconcile-storage.ts';
import { createLocalFileRows } from '../../../engine/files/local-file-rows.ts';
import { auditReconcile } from '../../../engine/files/reconcile-audit.ts';
import { useSyncEngine } from '../../sync/sync-engine-context.tsx';
import { useFilesText } from './files-text.ts';
import type { FileServices } from './file-services.ts';

/**
 * "Reconcile storage" for admins: always a dry run first (the report lists every decision and
 * changes nothing); only then can the same plan be applied. Changes go through this device's copy
 * and outbox, so they reach the server like any edit and the server's RLS has the last word.
 */
export function ReconcilePanel({ services, isAdmin }: { services: FileServices; isAdmin: boolean }) {
  const { t } = useFilesText();
  const [report, setReport] = useState<ReconcileOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const { api } = useSyncEngine();

  async function run(dryRun: boolean) {
    setBusy(true);
    try {
      // Plan on a fresh copy: pull (and push) first when the engine is there; offline, the copy as it is.
      await api?.syncNow().catch(() => undefined);
      const outcome = await reconcileStorage({
        storage: services.storage,
        rows: createLocalFileRows(services.db),
        dryRun,
      });
      await auditReconcile(services.db, outcome);
      setReport(outcome);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-label={t('reconcile')} data-testid="reconcile-panel">
      <h2>{t('reconcile')}</h2>
      <p className="muted">{t('reconcileHelp')}</p>
      {!isAdmin ? (
        <p className="muted">{t('adminOnly')}</p>
      ) : (
        <>
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => void run(true)}
            data-testid="reconcile-dry-run"
          >
            {t('dryRun')}
          </button>{' '}
          {report?.kind === 'ok' &&
            report.dryRun &&
            (report.plan.add.length > 0 ||
              report.plan.markMissing.length > 0 ||
              report.plan.markUploaded.length > 0) && (
              <button
                type="button"
                className="button button--primary"
                disabled={busy}
                onClick={() => void run(false)}
                data-testid="reconcile-apply"
              >
                {t('apply')}
              </button>
            )}
          {report?.kind === 'ok' && (
            <pre
              className="reconcile-report"
              style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
              data-testid="reconcile-report"
            >
              {report.lines.join('\n')}
            </pre>
          )}
          {report && report.kind !== 'ok' && (
            <p className="alert alert--error" role="alert">
              {report.step}: {report.kind}: {report.message}
            </p>
          )}
        </>
      )}
    </section>
  );
}
