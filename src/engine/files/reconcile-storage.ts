import { planReconciliation, type ReconcilePlan } from '../../core/files/reconcile-plan.ts';
import { reconcileReport } from '../../core/files/reconcile-report.ts';
import type { FileRowsPort } from './file-rows-port.ts';
import type { FileStorage, StorageFailure } from './file-storage-port.ts';
import { fileRowIdFor } from './sha256-hex.ts';

export interface ReconcileOptions {
  readonly storage: FileStorage;
  readonly rows: FileRowsPort;
  readonly dryRun: boolean;
  readonly now?: () => number;
}

export type ReconcileOutcome =
  | {
      readonly kind: 'ok';
      readonly dryRun: boolean;
      readonly plan: ReconcilePlan;
      readonly lines: readonly string[];
    }
  | (StorageFailure & { readonly step: 'list objects' | 'list rows' | 'add rows' | 'mark rows' });

/**
 * Lists the bucket and the rows, plans with the core's planner and, unless `dryRun`, carries the
 * plan out: rows added for objects without one, `uploaded_at` cleared on rows whose object is
 * missing, set on rows whose object is there. A dry run reads only. The report lists every
 * decision and ends with the summary line.
 */
export async function reconcileStorage(options: ReconcileOptions): Promise<ReconcileOutcome> {
  const now = options.now ?? Date.now;
  const objects = await options.storage.list();
  if (objects.kind !== 'ok') return { ...objects, step: 'list objects' };
  const rows = await options.rows.list(options.storage.bucket);
  if (rows.kind !== 'ok') return { ...rows, step: 'list rows' };
  const ids = new Map<string, string>();
  for (const object of objects.value)
    ids.set(object.path, await fileRowIdFor(options.storage.bucket, object.path));
  const at = new Date(now()).toISOString();
  const plan = planReconciliation({
    bucket: options.storage.bucket,
    objects: objects.value,
    rows: rows.value,
    rowIdFor: (path) => ids.get(path) ?? '',
    now: at,
  });
  if (!options.dryRun) {
    const added = await options.rows.add(plan.add);
    if (added.kind !== 'ok') return { ...added, step: 'add rows' };
    const missing = await options.rows.setUploadedAt(
      plan.markMissing.map((row) => row.id),
      null,
    );
    if (missing.kind !== 'ok') return { ...missing, step: 'mark rows' };
    const uploaded = await options.rows.setUploadedAt(
      plan.markUploaded.map((row) => row.id),
      at,
    );
    if (uploaded.kind !== 'ok') return { ...uploaded, step: 'mark rows' };
  }
  return { kind: 'ok', dryRun: options.dryRun, plan, lines: reconcileReport(plan, options.dryRun) };
}
