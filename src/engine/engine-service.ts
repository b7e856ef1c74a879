import type { ConflictChoice } from '../core/merge/conflict-record.ts';
import { isSyncedTableName, syncedTableNames, type SyncedTableName } from '../core/synced-tables.ts';
import type { ClinicDb } from './local-db.ts';
import type { SyncRemote } from './remote-port.ts';
import { describeFailure } from './remote-port.ts';
import type { SyncEngine } from './sync-engine.ts';
import type { SyncEngineApi, SyncReport, SyncStatus } from './engine-api.ts';
import { commandError, commandOk, type CommandResult } from './command-result.ts';
import { resolveConflict } from './conflict-resolution.ts';
import { discardOutboxEntry, retryEntry } from './outbox-commands.ts';
import { forceFullResync, repullTables } from './resync.ts';
import { runIntegrityCheck } from './integrity-check.ts';
import { cleanupTombstones } from './tombstones.ts';
import { appendAudit } from './capped-log.ts';
import type { TableSyncState } from './local-records.ts';

export interface EngineServiceDeps {
  readonly db: ClinicDb;
  readonly remote: SyncRemote;
  readonly engine: SyncEngine;
  readonly setAccessToken: (token: string | null) => void;
}

/**
 * `SyncEngineApi` as the leader serves it. Commands that rewrite the local copy wait until the
 * loop is between steps, so they never interleave with a pull or push; commands that only touch
 * the outbox or conflicts run at once and wake the loop.
 */
export function createEngineService(deps: EngineServiceDeps): SyncEngineApi {
  const { db, remote, engine } = deps;
  const watchers = new Map<number, () => void>();
  let nextWatcher = 1;

  const betweenSteps = async <T>(work: () => Promise<T>): Promise<T> => {
    await engine.settled();
    return work();
  };
  const wake = (): void => engine.dispatch({ type: 'outbox_changed' });

  return {
    getStatus: () => engine.status(),
    async watchStatus(listener) {
      const id = nextWatcher++;
      watchers.set(id, engine.onStatus(listener));
      return id;
    },
    async unwatchStatus(id) {
      watchers.get(id)?.();
      watchers.delete(id);
    },
    getSyncStatus: () => syncReport(db, engine),
    async syncNow(): Promise<SyncStatus> {
      engine.dispatch({ type: 'sync_now' });
      await engine.settled();
      return engine.status();
    },
    async resetSyncState(table) {
      if (table === 'all') return this.forceFullResync();
      if (!isSyncedTableName(table))
        return commandError('unknown_table', `"${String(table)}" is not a synced table`);
      return betweenSteps(async () => {
        await appendAudit(db, { kind: 'reset', message: `${table}: local copy dropped and pulled again` });
        const outcome = await repullTables(db, remote, [table]);
        return outcome.kind === 'ok' ? commandOk() : commandError('offline', describeFailure(outcome));
      });
    },
    forceFullResync: () =>
      betweenSteps(async () => {
        const outcome = await forceFullResync(db, remote);
        return outcome.kind === 'ok' ? commandOk() : commandError('offline', describeFailure(outcome));
      }),
    runIntegrityCheck: () => betweenSteps(() => runIntegrityCheck(db, remote)),
    cleanupTombstones: () => betweenSteps(() => cleanupTombstones(db)),
    async retry(mid) {
      const result = await retryEntry(db, mid);
      if (result.ok) wake();
      return result;
    },
    async discard(mid, reason) {
      return discardOutboxEntry(db, mid, reason);
    },
    async resolveConflict(conflictId: string, choice: ConflictChoice): Promise<CommandResult> {
      const result = await resolveConflict(db, conflictId, choice);
      if (result.ok) wake();
      return result;
    },
    async setAccessToken(token) {
      deps.setAccessToken(token);
      if (token !== null) engine.dispatch({ type: 'sync_now' });
    },
  };
}

export async function syncReport(
  db: ClinicDb,
  engine: { status(): Promise<SyncStatus> },
): Promise<SyncReport> {
  const tables: {
    table: SyncedTableName;
    rows: number;
    state: TableSyncState;
    lastCheckAt: string | null;
  }[] = [];
  for (const table of syncedTableNames) {
    const record = await db.sync_state.get(`table:${table}`);
    const checked = record && 'state' in record ? record : null;
    tables.push({
      table,
      rows: await db.rows(table).count(),
      state: checked?.state ?? 'ok',
      lastCheckAt: checked?.lastCheckAt ?? null,
    });
  }
  return {
    status: await engine.status(),
    migrations: await db.migrations.toArray(),
    tables,
    recentCycles: await db.metrics.orderBy('seq').reverse().limit(50).toArray(),
  };
}
