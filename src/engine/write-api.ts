import { rowIdSchema, type RowValues } from '../core/protocol/synced-row.ts';
import type { MutationOp } from '../core/protocol/push.ts';
import { isSyncedTableName } from '../core/synced-tables.ts';
import { rulesFor } from '../core/entity-rules.ts';
import type { OutboxEntry } from '../core/outbox/outbox-entry.ts';
import { planEnqueue } from '../core/outbox/plan-enqueue.ts';
import type { EditErrorCode } from '../core/outbox/edit-error.ts';
import type { RowViolation } from '../core/schema/row-violation.ts';
import { clinicTable } from '../core/schema/clinic-tables.ts';
import type { ClinicDb } from './local-db.ts';
import type { LocalRow } from './local-records.ts';
import { withSearchKeys, withoutLocalColumns } from './search-keys.ts';

export type WriteErrorCode = EditErrorCode | 'unknown_table' | 'invalid_id';

/** Plain data (recognised by `kind`, survives structured clone). */
export interface WriteError {
  readonly kind: 'invalid_edit';
  readonly code: WriteErrorCode;
  readonly message: string;
  /** What the person must correct (a rule of the table the edit breaks). */
  readonly violation?: RowViolation;
}

/**
 * `mid` is the outbox entry now carrying the edit (null when the edit cancelled an unsent one or
 * changed nothing); `row` is the row as the UI now sees it (undefined when it is gone: an unsent
 * insert that was deleted again).
 */
export type WriteResult =
  | { readonly ok: true; readonly mid: string | null; readonly row: LocalRow | undefined }
  | { readonly ok: false; readonly error: WriteError };

export interface WriteOptions {
  /** Epoch ms of the edit (injected in tests). */
  readonly now?: number;
  /** Mutation id generator (injected in tests). */
  readonly newMid?: () => string;
}

/**
 * The one way the UI writes: the row as the UI sees it and its outbox entry are written in ONE
 * Dexie transaction, so a crash or a closed tab loses neither half (DESIGN §4). What to write is
 * the core's decision (`planEnqueue`: validation, changed columns only, base and base_rev,
 * folding into the row's last unsent entry); this function only reads and writes IndexedDB.
 *
 * Bad input returns a coded `WriteError` and writes nothing.
 */
export async function mutate(
  db: ClinicDb,
  table: string,
  op: MutationOp,
  id: string,
  changes: RowValues = {},
  options: WriteOptions = {},
): Promise<WriteResult> {
  if (!isSyncedTableName(table)) return refuse('unknown_table', `"${table}" is not a synced table`);
  if (!rowIdSchema.safeParse(id).success) return refuse('invalid_id', `"${id}" is not a lowercase uuid`);
  const rules = rulesFor(table);
  const columns = new Set(clinicTable(table).columns.map((column) => column.name));
  const rows = db.rows(table);
  return db.transaction('rw', [rows, db.outbox], async (): Promise<WriteResult> => {
    const stored = await rows.get(id);
    const plan = planEnqueue({
      table,
      edit: { op, rowId: id, changes },
      view: stored === undefined ? undefined : withoutLocalColumns(stored),
      rowEntries: await db.outbox.where('[table+rowId]').equals([table, id]).toArray(),
      rules,
      columns,
      mid: (options.newMid ?? (() => crypto.randomUUID()))(),
      now: options.now ?? Date.now(),
    });
    switch (plan.kind) {
      case 'rejected':
        return { ok: false, error: plan.error };
      case 'noop':
        return { ok: true, mid: null, row: stored };
      case 'append':
        await db.outbox.add(plan.entry as OutboxEntry);
        return { ok: true, mid: plan.entry.mid, row: await putView(db, table, id, plan.view) };
      case 'replace':
        await db.outbox.put(plan.entry);
        return { ok: true, mid: plan.entry.mid, row: await putView(db, table, id, plan.view) };
      case 'cancel':
        await db.outbox.delete(plan.seq);
        return { ok: true, mid: null, row: await putView(db, table, id, plan.view) };
    }
  });
}

async function putView(
  db: ClinicDb,
  table: Parameters<ClinicDb['rows']>[0],
  id: string,
  view: RowValues | undefined,
) {
  if (view === undefined) {
    await db.rows(table).delete(id);
    return undefined;
  }
  const row = withSearchKeys(table, view) as LocalRow;
  await db.rows(table).put(row);
  return row;
}

function refuse(code: WriteErrorCode, message: string): WriteResult {
  return { ok: false, error: { kind: 'invalid_edit', code, message } };
}
