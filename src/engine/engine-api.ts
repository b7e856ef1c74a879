import type { ConflictChoice } from '../core/merge/conflict-record.ts';
import type { ServerHold } from '../core/server-hold.ts';
import type { SyncPhase } from '../core/sync-state-machine.ts';
import type { SyncedTableName } from '../core/synced-tables.ts';
import type { CommandResult } from './command-result.ts';
import type { IntegrityReport } from './integrity-check.ts';
import type { MetricsRecord, MigrationRecord, TableSyncState } from './local-records.ts';

/**
 * The live sync status the UI shows (the status bar, the sync screen). Plain data: it crosses
 * the worker boundary by structured clone.
 */
export interface SyncStatus {
  /** `syncing` while a pull or push runs; `offline` when the last attempt found no network; `error` when it got a bad or failing answer. */
  readonly connection: 'online' | 'offline' | 'syncing' | 'error';
  readonly phase: SyncPhase;
  /** Raised after 5 consecutive failures, cleared by the next success. */
  readonly alert: boolean;
  /** True in the context whose worker holds the sync lock (only one per browser profile). */
  readonly leader: boolean;
  readonly lastPullAt: string | null;
  readonly lastPushAt: string | null;
  readonly cursor: number;
  readonly pending: number;
  readonly failed: number;
  readonly conflicts: number;
  readonly consecutiveErrors: number;
  readonly lastError: string | null;
  /**
   * A transaction left open on the server that held this device's last pull back for longer than
   * a blink: changes committed after it reach the device when it ends (core `server-hold.ts`).
   */
  readonly serverHold: ServerHold | null;
}

/** The detail behind the status: what the sync screen lists. */
export interface SyncReport {
  readonly status: SyncStatus;
  readonly migrations: readonly MigrationRecord[];
  readonly tables: readonly {
    readonly table: SyncedTableName;
    readonly rows: number;
    readonly state: TableSyncState;
    readonly lastCheckAt: string | null;
  }[];
  readonly recentCycles: readonly MetricsRecord[];
}

/**
 * What the UI may ask of the sync engine (through `connectSyncEngine`, which runs it in the sync
 * worker). The UI reads data with Dexie liveQuery and writes with `mutate`; this API is only for
 * sync itself. Every method is async and answers plain data; refusals are `CommandResult` values.
 */
export interface SyncEngineApi {
  getStatus(): Promise<SyncStatus>;
  /** Calls `listener` with every new status (and once at once); returns an id for `unwatchStatus`. */
  watchStatus(listener: (status: SyncStatus) => void): Promise<number>;
  unwatchStatus(id: number): Promise<void>;
  getSyncStatus(): Promise<SyncReport>;
  /** Pull then push now, skipping any backoff wait. Resolves when that cycle is over. */
  syncNow(): Promise<SyncStatus>;
  /** Re-reads one table (or everything, like `forceFullResync`) from the server. Outbox kept. */
  resetSyncState(table: SyncedTableName | 'all'): Promise<CommandResult>;
  forceFullResync(): Promise<CommandResult>;
  runIntegrityCheck(): Promise<IntegrityReport>;
  cleanupTombstones(): Promise<{ readonly removed: number }>;
  /** Sends a `failed` outbox entry again (under a new mid). */
  retry(mid: string): Promise<CommandResult>;
  /** Gives up a `failed` or `conflict` entry; recorded in the audit log. */
  discard(mid: string, reason?: string): Promise<CommandResult>;
  resolveConflict(conflictId: string, choice: ConflictChoice): Promise<CommandResult>;
  /** The signed-in user's access token (null when signed out); the page passes every refresh. */
  setAccessToken(token: string | null): Promise<void>;
}
