import { rulesFor } from '../core/entity-rules.ts';
import { rebaseRow } from '../core/rebase.ts';
import { isOpen, type OutboxEntry } from '../core/outbox/outbox-entry.ts';
import { discardEntry, retryFailed } from '../core/outbox/send-attempts.ts';
import type { RowValues } from '../core/protocol/synced-row.ts';
import type { ClinicDb } from './local-db.ts';
import type { LocalRow } from './local-records.ts';
import { appendAudit } from './capped-log.ts';
import { withSearchKeys, withoutLocalColumns } from './search-keys.ts';
import { commandError, commandOk, type CommandResult } from './command-result.ts';

/**
 * A person sends a `failed` entry again. The server recorded the rejected `mid`, so the retry
 * goes out under a new one (the old one stays in `supersedes`); audited.
 */
export async function retryEntry(
  db: ClinicDb,
  mid: string,
  newMid: () => string = () => crypto.randomUUID(),
): Promise<CommandResult> {
  return db.transaction('rw', [db.outbox, db.audit], async () => {
    const entry = await db.outbox.where('mid').equals(mid).first();
    if (!entry) return commandError('not_found', `no outbox entry ${mid}`);
    const retried = retryFailed(entry, newMid());
    if (!retried) return commandError('not_failed', `entry ${mid} is ${entry.state}, not failed`);
    await db.outbox.put(retried);
    await appendAudit(db, {
      kind: 'retry',
      message: `${entry.table} ${entry.rowId} ${entry.op} sent again`,
      details: { mid, newMid: retried.mid },
    });
    return commandOk(retried.mid);
  });
}

/**
 * A person gives up a `failed` or `conflict` entry. Never silent: the entry stays in the outbox as
 * `done` with its result, the audit line carries what was given up, an open conflict on it is
 * closed as "theirs kept", and the row's view goes back to what the server has (with the row's
 * other open edits replayed).
 */
export async function discardOutboxEntry(db: ClinicDb, mid: string, reason = ''): Promise<CommandResult> {
  const found = await db.outbox.where('mid').equals(mid).first();
  if (!found) return commandError('not_found', `no outbox entry ${mid}`);
  return db.transaction('rw', [db.outbox, db.audit, db.conflicts, db.rows(found.table)], async () => {
    const entry = await db.outbox.where('mid').equals(mid).first();
    const discarded = entry ? discardEntry(entry) : null;
    if (!entry || !discarded) return commandError('not_failed', `entry ${mid} is not failed nor in conflict`);
    await db.outbox.put(discarded);
    const conflict = await db.conflicts
      .where('[table+rowId]')
      .equals([entry.table, entry.rowId])
      .filter((c) => c.mid === mid && c.state === 'open')
      .first();
    if (conflict) {
      await db.conflicts.put({
        ...conflict,
        state: 'resolved',
        resolution: { choice: 'theirs', values: {}, mid: null, resolvedAt: new Date().toISOString() },
      });
    }
    await revertView(db, entry, conflict?.theirs);
    await appendAudit(db, {
      kind: 'discard',
      message: `${entry.table} ${entry.rowId} ${entry.op} discarded${reason ? `: ${reason}` : ''}`,
      details: {
        mid,
        op: entry.op,
        data: entry.data,
        base: entry.base,
        lastError: entry.lastError ? { ...entry.lastError } : null,
      },
    });
    return commandOk(null);
  });
}

/**
 * The row without the discarded edit. The server's row is known exactly after a conflict
 * (`theirs`); after a rejection the edit's `base` gives the columns' server values back.
 */
async function revertView(db: ClinicDb, entry: OutboxEntry, theirs: RowValues | undefined): Promise<void> {
  const rows = db.rows(entry.table);
  const stored = await rows.get(entry.rowId);
  const others = (await db.outbox.where('[table+rowId]').equals([entry.table, entry.rowId]).toArray())
    .filter(isOpen)
    .sort((a, b) => a.seq - b.seq);
  const server = theirs ?? serverGuess(entry, stored);
  const view = rebaseRow(server, others, rulesFor(entry.table));
  if (view === undefined) await rows.delete(entry.rowId);
  else await rows.put(withSearchKeys(entry.table, view) as LocalRow);
}

function serverGuess(entry: OutboxEntry, stored: LocalRow | undefined): RowValues | undefined {
  if (stored === undefined || entry.op === 'insert')
    return entry.op === 'insert' && (stored?.rev ?? 0) === 0 ? undefined : stored;
  const row = withoutLocalColumns(stored);
  if (entry.op === 'update') return { ...row, ...entry.base };
  if (entry.op === 'delete') return { ...row, deleted_at: null };
  return { ...row, deleted_at: row['deleted_at'] ?? entry.at };
}
