import type { Table } from 'dexie';
import type { ClinicDb } from './local-db.ts';
import type { AuditRecord, MetricsRecord } from './local-records.ts';

/** How many lines the audit and metrics stores keep; older lines are dropped first. */
export const auditCap = 5_000;
export const metricsCap = 2_000;

/**
 * Appends a line and drops the lines beyond the last `cap`. Call inside the transaction that made
 * the change being recorded (include the store in its scope), so the line and the change commit
 * together. Keys are issued in order and lines only ever leave oldest first, so the last `cap`
 * lines are exactly the keys above `key - cap`: one range delete, no count.
 */
export async function appendCapped<Row extends { seq?: number }>(
  table: Table<Row, number>,
  row: Row,
  cap: number,
): Promise<void> {
  // Joins the caller's transaction when there is one; otherwise one of its own.
  await table.db.transaction('rw', table, async () => {
    const key = await table.add(row);
    if (key > cap)
      await table
        .where(':id')
        .belowOrEqual(key - cap)
        .delete();
  });
}

export function appendAudit(
  db: ClinicDb,
  line: Omit<AuditRecord, 'at' | 'details'> & { details?: AuditRecord['details'] },
): Promise<void> {
  return appendCapped(db.audit, { at: new Date().toISOString(), details: null, ...line }, auditCap);
}

export function appendMetrics(db: ClinicDb, record: MetricsRecord): Promise<void> {
  return appendCapped(db.metrics, record, metricsCap);
}
