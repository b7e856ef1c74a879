import { appendAudit } from '../capped-log.ts';
import type { ClinicDb } from '../local-db.ts';
import type { ReconcileOutcome } from './reconcile-storage.ts';

/**
 * Keeps a reconciliation run from the app in the audit log: one line with the summary, the
 * decisions in its details (dry runs too: what was shown before a person chose to apply).
 */
export async function auditReconcile(db: ClinicDb, outcome: ReconcileOutcome): Promise<void> {
  if (outcome.kind !== 'ok') {
    await appendAudit(db, {
      kind: 'storage-reconcile',
      message: `storage reconciliation failed to ${outcome.step}: ${outcome.message}`,
    });
    return;
  }
  await appendAudit(db, {
    kind: 'storage-reconcile',
    message: outcome.lines.at(-1) ?? '',
    details: { dryRun: outcome.dryRun, decisions: outcome.lines.slice(0, -1) },
  });
}
