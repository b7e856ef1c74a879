import type { ReconcilePlan } from './reconcile-plan.ts';

/**
 * The one-line summary the command prints and the admin screen shows, e.g.
 * `Found 156 objects in bucket / 150 active rows / added 8 / marked missing 2`.
 * A dry run says so first and counts what it would do.
 */
export function reconcileSummary(plan: ReconcilePlan, dryRun: boolean): string {
  const line =
    `Found ${plan.objectCount} objects in bucket / ${plan.activeRowCount} active rows` +
    ` / added ${plan.add.length} / marked missing ${plan.markMissing.length}`;
  return dryRun ? `Dry run, nothing changed: ${line}` : line;
}

/** One line per decision, then the summary: what the log keeps and the dry-run report lists. */
export function reconcileReport(plan: ReconcilePlan, dryRun: boolean): string[] {
  const verb = (done: string, would: string): string => (dryRun ? would : done);
  const lines: string[] = [];
  for (const row of plan.add) {
    lines.push(
      `${verb('added', 'would add')} row ${row.id} for ${plan.bucket}/${row.path} (${row.size} bytes, ${row.content_type})`,
    );
  }
  for (const row of plan.markMissing) {
    lines.push(
      `${verb('marked missing', 'would mark missing')} row ${row.id}: ${plan.bucket}/${row.path} is not in the bucket`,
    );
  }
  for (const row of plan.markUploaded) {
    lines.push(
      `${verb('marked uploaded', 'would mark uploaded')} row ${row.id}: ${plan.bucket}/${row.path} is in the bucket`,
    );
  }
  for (const path of plan.unrecognised) lines.push(`skipped ${plan.bucket}/${path}: not a clinic file key`);
  if (plan.waiting > 0) lines.push(`${plan.waiting} rows still wait for a device to upload their bytes`);
  lines.push(reconcileSummary(plan, dryRun));
  return lines;
}
