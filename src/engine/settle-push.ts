import { rulesFor } from '../core/entity-rules.ts';
import { rebaseRow } from '../core/rebase.ts';
import { isOpen, rowKey, type NewOutboxEntry, type OutboxEntry } from '../core/outbox/outbox-entry.ts';
import { applyPushResult, type RowSettlement } from '../core/outbox/apply-push-result.ts';
import { cursorAfterPush } from '../core/outbox/cursor-after-push.ts';
import type { MutationResult } from '../core/protocol/push.ts';
import type { SyncedTableName } from '../core/synced-tables.ts';
import type { ClinicDb } from './local-db.ts';
import type { LocalRow } from './local-records.ts';
import { appendAudit } from './capped-log.ts';
import { pullStartOf, readPullState, writePullState, type PullStart } from './sync-state.ts';
import { withSearchKeys } from './search-keys.ts';
import { keepSuperseded, supersededStores } from './superseded-history.ts';

export interface SettleOptions {
  readonly db: ClinicDb;
  readonly now: () => number;
  readonly newMid: () => string;
}

export interface SettledCounts {
  readonly applied: number;
  readonly conflicts: number;
  readonly rejected: number;
  /** The pull state as this settlement left it (the cursor may have passed the push's writes). */
  readonly pullStart: PullStart;
}

/**
 * Settles a whole batch in one transaction with a handful of bulk reads and writes (the outbox
 * read once, rows read and written per table): per-row round trips would make a 1,000-mutation
 * flush wait on IndexedDB far longer than on the server.
 */
export async function settleResults(
  context: SettleOptions,
  batch: readonly OutboxEntry[],
  results: readonly MutationResult[],
): Promise<SettledCounts> {
  const { db } = context;
  const tables = [...new Set(batch.map((entry) => entry.table))];
  return db.transaction(
    'rw',
    [
      db.conflicts,
      ...supersededStores(db),
      ...tables.filter((table) => table !== 'superseded_values').map((table) => db.rows(table)),
    ],
    async () => {
      const pull = await readPullState(db);
      const clockOffsetMs = pull.serverTimeOffsetMs;
      const byRow = groupByRow(await db.outbox.toArray());
      const changes = {
        puts: new Map<number, OutboxEntry>(),
        deletes: new Set<number>(),
        adds: [] as NewOutboxEntry[],
      };
      const settled: Array<{ readonly sent: OutboxEntry; readonly settlement: RowSettlement }> = [];
      for (const [i, result] of results.entries()) {
        const sent = batch[i];
        if (!sent) continue;
        const key = rowKey(sent);
        const settlement = applyPushResult(byRow.get(key) ?? [], result, {
          newMid: context.newMid,
          now: context.now(),
          clockOffsetMs,
        });
        byRow.set(key, withUpdates(byRow.get(key) ?? [], settlement.updates, changes));
        changes.adds.push(...settlement.appended);
        settled.push({ sent, settlement });
      }
      await db.outbox.bulkDelete([...changes.deletes]);
      await db.outbox.bulkPut([...changes.puts.values()]);
      if (changes.adds.length > 0) {
        await db.outbox.bulkAdd(changes.adds as OutboxEntry[]);
        for (const { sent, settlement } of settled) {
          if (settlement.appended.length > 0)
            byRow.set(
              rowKey(sent),
              await db.outbox.where('[table+rowId]').equals([sent.table, sent.rowId]).toArray(),
            );
        }
      }
      // Only settlements that need a record: awaiting a no-op per row would be a long chain of
      // non-IndexedDB awaits, which can let the transaction commit under us (Dexie zone echoes).
      for (const { sent, settlement } of settled) {
        if (settlement.conflict || settlement.outcome === 'rejected')
          await recordOutcome(db, sent, settlement);
      }
      const superseded = settled.flatMap(({ settlement }) => settlement.superseded);
      await keepSuperseded(db, superseded);
      for (const table of tables)
        await refreshViews(
          db,
          table,
          settled.filter(({ sent }) => sent.table === table),
          byRow,
        );
      await db.sync_state.put({ key: 'push', lastPushAt: new Date(context.now()).toISOString() });
      // The rows just stored may be exactly the next revs: then the cursor passes them, and the
      // next pull does not fetch this push's own writes back (core cursorAfterPush says when).
      const cursor = cursorAfterPush(pull.cursor, results);
      if (cursor !== pull.cursor) await writePullState(db, { ...pull, cursor });
      const pullStart = pullStartOf({ ...pull, cursor });
      const count = (...outcomes: RowSettlement['outcome'][]) =>
        settled.filter(({ settlement }) => outcomes.includes(settlement.outcome)).length;
      return {
        applied: count('applied', 'settled', 'merged'),
        conflicts: count('conflict'),
        rejected: count('rejected'),
        pullStart,
      };
    },
  );
}

function groupByRow(entries: readonly OutboxEntry[]): Map<string, OutboxEntry[]> {
  const byRow = new Map<string, OutboxEntry[]>();
  for (const entry of entries) byRow.set(rowKey(entry), [...(byRow.get(rowKey(entry)) ?? []), entry]);
  return byRow;
}

/** The row's entries after `updates`, recording what to write: done entries leave the outbox. */
function withUpdates(
  rowEntries: readonly OutboxEntry[],
  updates: readonly OutboxEntry[],
  changes: { puts: Map<number, OutboxEntry>; deletes: Set<number> },
): OutboxEntry[] {
  let next = [...rowEntries];
  for (const update of updates) {
    next = next.filter((entry) => entry.seq !== update.seq);
    if (update.state === 'done') {
      changes.deletes.add(update.seq);
      changes.puts.delete(update.seq);
    } else {
      changes.puts.set(update.seq, update);
      next.push(update);
    }
  }
  return next;
}

/** Rebuilds the views of one table's settled rows: one bulk read, one bulk write. */
async function refreshViews(
  db: ClinicDb,
  table: SyncedTableName,
  settled: readonly { readonly sent: OutboxEntry; readonly settlement: RowSettlement }[],
  byRow: ReadonlyMap<string, readonly OutboxEntry[]>,
): Promise<void> {
  if (settled.length === 0) return;
  const rows = db.rows(table);
  const stored = await rows.bulkGet(settled.map(({ sent }) => sent.rowId));
  const puts: LocalRow[] = [];
  const deletes: string[] = [];
  for (const [i, { sent, settlement }] of settled.entries()) {
    const open = (byRow.get(rowKey(sent)) ?? []).filter(isOpen).sort((a, b) => a.seq - b.seq);
    const view = nextView(table, stored[i], settlement, open);
    if (view === 'keep') continue;
    if (view === undefined) deletes.push(sent.rowId);
    else puts.push(view);
  }
  if (deletes.length > 0) await rows.bulkDelete(deletes);
  if (puts.length > 0) await rows.bulkPut(puts);
}

/** The row as the UI should now see it, or 'keep' when the stored view is already right. */
function nextView(
  table: SyncedTableName,
  stored: LocalRow | undefined,
  settlement: RowSettlement,
  open: readonly OutboxEntry[],
): LocalRow | undefined | 'keep' {
  const server = settlement.serverRow;
  if (!server) {
    // Applied without the row in the answer: the view already shows the edit; take the new rev.
    const rev = settlement.outcome === 'applied' ? appliedRev(settlement) : 0;
    return stored !== undefined && stored.rev < rev ? { ...stored, rev } : 'keep';
  }
  // A pull may already have brought a newer server row (and rebased the open edits on it).
  if (stored !== undefined && stored.rev > server.rev) return 'keep';
  const view = rebaseRow(server, open, rulesFor(table));
  return view === undefined ? undefined : (withSearchKeys(table, view) as LocalRow);
}

/**
 * Writes what the core decided for one row (scope: the row's store, `db.conflicts` and
 * `supersededStores`). Closed entries whose change the server holds are
 * removed from the outbox (the server keeps the record of every mutation); the row's view is
 * rebuilt from the server row with the row's still-open entries replayed on top.
 */
export async function writeSettlement(
  db: ClinicDb,
  sent: OutboxEntry,
  settlement: RowSettlement,
): Promise<void> {
  for (const entry of settlement.updates) {
    if (entry.state === 'done') await db.outbox.delete(entry.seq);
    else await db.outbox.put(entry);
  }
  for (const entry of settlement.appended) await db.outbox.add(entry as OutboxEntry);
  await recordOutcome(db, sent, settlement);
  await keepSuperseded(db, settlement.superseded);
  const open = (await db.outbox.where('[table+rowId]').equals([sent.table, sent.rowId]).toArray())
    .filter(isOpen)
    .sort((a, b) => a.seq - b.seq);
  const view = nextView(sent.table, await db.rows(sent.table).get(sent.rowId), settlement, open);
  if (view === undefined) await db.rows(sent.table).delete(sent.rowId);
  else if (view !== 'keep') await db.rows(sent.table).put(view);
}

/** The conflict record and the audit lines a settlement calls for (conflicts and refusals are never silent). */
async function recordOutcome(db: ClinicDb, sent: OutboxEntry, settlement: RowSettlement): Promise<void> {
  if (settlement.conflict) {
    const id = crypto.randomUUID();
    await db.conflicts.add({
      ...settlement.conflict,
      id,
      state: 'open',
      createdAt: new Date().toISOString(),
      resolution: null,
    });
    await appendAudit(db, {
      kind: 'conflict',
      message: `${sent.table} ${sent.rowId}: ${settlement.conflict.kind === 'edit_vs_delete' ? 'edited a deleted row' : settlement.conflict.fields.map((field) => field.column).join(', ')} need a decision`,
      details: { conflictId: id, mid: sent.mid },
    });
  }
  if (settlement.outcome === 'rejected') {
    const failed = settlement.updates[0];
    await appendAudit(db, {
      kind: 'rejected',
      message:
        `${sent.table} ${sent.rowId} ${sent.op} refused: ${failed?.lastError?.code ?? 'unknown'} ${failed?.lastError?.message ?? ''}`.trim(),
      details: {
        mid: sent.mid,
        table: sent.table,
        rowId: sent.rowId,
        code: failed?.lastError?.code ?? null,
        serverMessage: failed?.lastError?.message ?? null,
      },
    });
  }
}

function appliedRev(settlement: RowSettlement): number {
  const result = settlement.updates[0]?.result;
  return result?.status === 'applied' ? result.rev : 0;
}
