import { isServerOwnedColumn, rowIdSchema, type RowValues } from '../core/protocol/synced-row.ts';
import type { MutationOp } from '../core/protocol/push.ts';
import { isSyncedTableName, type SyncedTableName } from '../core/synced-tables.ts';
import { rulesFor } from '../core/entity-rules.ts';
import { mayHaveReachedServer, newOutboxEntry, type NewOutboxEntry, type OutboxEntry } from '../core/outbox/outbox-entry.ts';
import type { ClinicDb } from './local-db.ts';
import type { LocalRow } from './local-records.ts';
import { withSearchKeys } from './search-keys.ts';

export type WriteErrorCode =
  | 'unknown_table'
  | 'read_only_table'
  | 'invalid_id'
  | 'server_owned_column'
  | 'missing_required'
  | 'row_exists'
  | 'row_not_found'
  | 'row_deleted'
  | 'not_deleted';

export interface WriteError {
  readonly kind: 'write_error';
  readonly code: WriteErrorCode;
  readonly message: string;
}

export type WriteResult =
  | { readonly ok: true; readonly mid: string; readonly row: LocalRow }
  | { readonly ok: false; readonly error: WriteError };

export interface WriteOptions {
  /** Epoch ms of the edit (injected in tests). */
  readonly now?: number;
  /** Mutation id generator (injected in tests). */
  readonly newMid?: () => string;
}

/**
 * The one way the UI writes: the row as the UI sees it and its outbox entry are written in ONE
 * Dexie transaction, so a crash or a closed tab loses neither half (DESIGN §4). A later unsent
 * edit of the same row is folded into the waiting entry (core coalescing rules); an entry that
 * may have reached the server keeps its `mid` and the edit queues behind it.
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
  const invalid = checkInput(table, id, op, changes);
  if (invalid) return { ok: false, error: invalid };
  const syncedTable = table as SyncedTableName;
  const now = options.now ?? Date.now();
  const newMid = options.newMid ?? (() => crypto.randomUUID());
  const rows = db.rows(syncedTable);
  return db.transaction('rw', [rows, db.outbox], async (): Promise<WriteResult> => {
    const current = await rows.get(id);
    const next = nextRow(syncedTable, op, id, changes, current, now);
    if (!next.ok) return next;
    const data = op === 'insert' || op === 'update' ? changes : {};
    const base = current && op === 'update' ? pick(current, Object.keys(changes)) : {};
    const edit = newOutboxEntry({
      mid: newMid(),
      table: syncedTable,
      rowId: id,
      op: current && op === 'insert' ? 'update' : op,
      data,
      base,
      baseRev: current && current.rev > 0 ? current.rev : null,
      now,
    });
    const waiting = await db.outbox.where('[table+rowId]').equals([table, id]).sortBy('seq');
    const last = waiting.filter((entry) => entry.state !== 'done').at(-1);
    const folded = last ? foldEdit(last, edit) : null;
    if (folded && last) await db.outbox.put({ ...folded, seq: last.seq });
    else await db.outbox.add(edit as OutboxEntry);
    await rows.put(next.row);
    return { ok: true, mid: folded ? folded.mid : edit.mid, row: next.row };
  });
}

/**
 * Folds `edit` into the row's last entry when that entry was never sent (so its `mid` is still
 * free to change meaning): insert + update → insert, update + update → update, keeping the
 * earlier `base` of a column (what the server last showed) and the later value. Anything else
 * queues behind. Returns null when the edit cannot be folded.
 */
function foldEdit(last: OutboxEntry, edit: NewOutboxEntry): NewOutboxEntry | null {
  if (last.state !== 'pending' || mayHaveReachedServer(last) || edit.op !== 'update') return null;
  if (last.op !== 'insert' && last.op !== 'update') return null;
  return {
    ...last,
    data: { ...last.data, ...edit.data },
    base: last.op === 'insert' ? {} : { ...edit.base, ...last.base },
    at: edit.at,
  };
}

function checkInput(table: string, id: string, op: MutationOp, changes: RowValues): WriteError | null {
  if (!isSyncedTableName(table)) return writeError('unknown_table', `"${table}" is not a synced table`);
  const rules = rulesFor(table);
  if (!rules.clientWritable) return writeError('read_only_table', `"${table}" is written only by the server`);
  if (!rowIdSchema.safeParse(id).success) return writeError('invalid_id', `"${id}" is not a lowercase uuid`);
  const owned = Object.keys(changes).filter((column) => isServerOwnedColumn(column) || column === 'id');
  if (owned.length > 0) return writeError('server_owned_column', `the server sets ${owned.join(', ')}; do not write them`);
  if (op === 'insert') {
    const missing = rules.requiredFields.filter((column) => changes[column] === undefined || changes[column] === null || changes[column] === '');
    if (missing.length > 0) return writeError('missing_required', `${table} needs ${missing.join(', ')}`);
  }
  return null;
}

type NextRow = { readonly ok: true; readonly row: LocalRow } | { readonly ok: false; readonly error: WriteError };

/** The row as the UI will see it after the edit, or why the edit does not apply to the row as it is. */
function nextRow(table: SyncedTableName, op: MutationOp, id: string, changes: RowValues, current: LocalRow | undefined, now: number): NextRow {
  const deleted = current !== undefined && current.deleted_at !== null && current.deleted_at !== undefined;
  const fail = (code: WriteErrorCode, message: string): NextRow => ({ ok: false, error: writeError(code, message) });
  switch (op) {
    case 'insert':
      if (current) return fail('row_exists', `${table} ${id} already exists`);
      return { ok: true, row: withSearchKeys(table, { ...changes, id, rev: 0, deleted_at: null }) };
    case 'update':
      if (!current) return fail('row_not_found', `${table} ${id} does not exist here`);
      if (deleted) return fail('row_deleted', `${table} ${id} is deleted; undelete it first`);
      return { ok: true, row: withSearchKeys(table, { ...current, ...changes }) };
    case 'delete':
      if (!current) return fail('row_not_found', `${table} ${id} does not exist here`);
      if (deleted) return fail('row_deleted', `${table} ${id} is already deleted`);
      return { ok: true, row: { ...current, deleted_at: new Date(now).toISOString() } };
    case 'undelete':
      if (!current) return fail('row_not_found', `${table} ${id} does not exist here`);
      if (!deleted) return fail('not_deleted', `${table} ${id} is not deleted`);
      return { ok: true, row: { ...current, deleted_at: null } };
  }
}

function pick(row: RowValues, columns: readonly string[]): RowValues {
  const picked: RowValues = {};
  for (const column of columns) picked[column] = row[column] ?? null;
  return picked;
}

function writeError(code: WriteErrorCode, message: string): WriteError {
  return { kind: 'write_error', code, message };
}
