import { applyConflictDecision } from '../core/outbox/apply-conflict-decision.ts';
import type { ConflictChoice } from '../core/merge/conflict-record.ts';
import { isServerOwnedColumn } from '../core/protocol/synced-row.ts';
import { clinicTable } from '../core/schema/clinic-tables.ts';
import type { ClinicDb } from './local-db.ts';
import type { ConflictResolution } from './local-records.ts';
import { writeSettlement } from './settle-push.ts';
import { supersededStores } from './superseded-history.ts';
import { appendAudit } from './capped-log.ts';
import { readPullState } from './sync-state.ts';
import { commandError, commandOk, type CommandResult } from './command-result.ts';

export interface ResolveOptions {
  readonly newMid?: () => string;
  readonly now?: () => number;
}

/**
 * A person's decision on an open conflict: the core turns it into the mutation to push (a new
 * `mid` in the same outbox slot, so the row keeps its order) or settles it (theirs kept). The
 * entry, the row's view, the conflict record (kept, now `resolved`, with the decision) and the
 * audit line change in one transaction.
 */
export async function resolveConflict(
  db: ClinicDb,
  conflictId: string,
  choice: ConflictChoice,
  options: ResolveOptions = {},
): Promise<CommandResult> {
  const newMid = options.newMid ?? (() => crypto.randomUUID());
  const now = options.now ?? Date.now;
  const conflict = await db.conflicts.get(conflictId);
  if (!conflict) return commandError('not_found', `no conflict ${conflictId}`);
  const invalid = typeof choice === 'object' ? invalidValues(conflict.table, choice.values) : null;
  if (invalid) return commandError('invalid_values', invalid);
  return db.transaction(
    'rw',
    [
      db.conflicts,
      ...supersededStores(db),
      ...(conflict.table === 'superseded_values' ? [] : [db.rows(conflict.table)]),
    ],
    async () => {
      const current = await db.conflicts.get(conflictId);
      if (!current || current.state !== 'open')
        return commandError('already_resolved', `conflict ${conflictId} was already resolved`);
      const entry = await db.outbox.where('mid').equals(current.mid).first();
      if (!entry || entry.state !== 'conflict')
        return commandError('not_open', `the edit behind conflict ${conflictId} is no longer waiting`);
      const rowEntries = await db.outbox
        .where('[table+rowId]')
        .equals([current.table, current.rowId])
        .toArray();
      const clockOffsetMs = (await readPullState(db)).serverTimeOffsetMs;
      const settlement = applyConflictDecision(rowEntries, entry, current, choice, {
        newMid,
        now: now(),
        clockOffsetMs,
      });
      await writeSettlement(db, entry, settlement);
      const resent = settlement.updates.find(
        (update) => update.state === 'pending' && update.seq === entry.seq,
      );
      const resolution: ConflictResolution = {
        choice: typeof choice === 'object' ? 'values' : choice,
        values:
          typeof choice === 'object'
            ? choice.values
            : choice === 'recommended'
              ? current.recommended.values
              : {},
        mid: resent?.mid ?? null,
        resolvedAt: new Date(now()).toISOString(),
      };
      await db.conflicts.put({ ...current, state: 'resolved', resolution });
      await appendAudit(db, {
        kind: 'conflict-resolved',
        message: `${current.table} ${current.rowId}: kept ${resolution.choice}`,
        details: { conflictId, mid: current.mid, newMid: resolution.mid },
      });
      return commandOk(resolution.mid);
    },
  );
}

function invalidValues(
  table: Parameters<typeof clinicTable>[0],
  values: Record<string, unknown>,
): string | null {
  const columns = new Set(clinicTable(table).columns.map((column) => column.name));
  const bad = Object.keys(values).filter(
    (column) => !columns.has(column) || column === 'id' || isServerOwnedColumn(column),
  );
  return bad.length > 0 ? `cannot set ${bad.join(', ')} on ${table}` : null;
}
