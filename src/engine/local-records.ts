import type { RowValues } from '../core/protocol/synced-row.ts';
import type { ConflictRecord } from '../core/merge/conflict-record.ts';

/**
 * Records of the engine's own stores (everything in the local database that is not a synced
 * table or the outbox). They are plain data: the UI reads them with liveQuery, and they cross the
 * worker boundary by structured clone.
 */

/** A row of a synced table as the UI sees it: the server's row with pending local edits on top. */
export interface LocalRow extends RowValues {
  readonly id: string;
  /** The server's rev of the row this copy is based on; 0 for a row the server has not seen yet. */
  readonly rev: number;
  readonly deleted_at?: string | null;
}

/** `sync_state` holds one record per key; the engine's cursor lives under `pull`. */
export type SyncStateRecord =
  | {
      readonly key: 'pull';
      /** The highest rev applied from the server; every change at or below it is in the local copy. */
      readonly cursor: number;
      /**
       * The purge horizon the local copy is consistent with (the `purge_horizon` of the last page
       * applied without reset), sent as `known_horizon` so that a paged pull started after a purge
       * is not told to reset; null when unknown (records written before it existed lack it).
       */
      readonly knownHorizon?: number | null;
      readonly lastPullAt: string | null;
      readonly serverTimeOffsetMs: number;
    }
  | { readonly key: 'client'; readonly clientId: string }
  | {
      readonly key: 'push';
      readonly lastPushAt: string | null;
    }
  | {
      readonly key: `table:${string}`;
      readonly table: string;
      readonly state: TableSyncState;
      readonly lastCheckAt: string | null;
      readonly localHash: string | null;
      readonly remoteHash: string | null;
    };

export type TableSyncState = 'ok' | 'mismatch' | 'resyncing';

/**
 * A conflict as stored: the core's record (base / mine / theirs, the undecided fields and the
 * recommendation) plus its life here. Resolved records are kept, with the decision, as history.
 */
export interface StoredConflict extends ConflictRecord {
  readonly id: string;
  readonly state: 'open' | 'resolved';
  readonly createdAt: string;
  readonly resolution: ConflictResolution | null;
}

export interface ConflictResolution {
  readonly choice: 'mine' | 'theirs' | 'recommended' | 'values';
  readonly values: RowValues;
  /** The mutation that carries the decision to the server (null when theirs was kept). */
  readonly mid: string | null;
  readonly resolvedAt: string;
}

export type AuditKind =
  | 'discard'
  | 'retry'
  | 'conflict'
  | 'conflict-resolved'
  | 'value-superseded'
  | 'rejected'
  | 'alert'
  | 'alert-cleared'
  | 'reset'
  | 'full-resync'
  | 'integrity'
  | 'tombstones'
  | 'migration'
  | 'protocol-error'
  | 'storage-reconcile';

export interface AuditRecord {
  readonly seq?: number;
  readonly at: string;
  readonly kind: AuditKind;
  readonly message: string;
  readonly details: RowValues | null;
}

export type CycleKind = 'pull' | 'push' | 'integrity';

/** One sync cycle, as measured. */
export interface MetricsRecord {
  readonly seq?: number;
  readonly at: string;
  readonly kind: CycleKind;
  readonly ok: boolean;
  readonly durationMs: number;
  readonly rows: number;
  readonly bytes: number;
  readonly conflicts: number;
  readonly queueDepth: number;
  /** For pulls triggered by a poke: from the poke's arrival to the rows being in IndexedDB. */
  readonly pokeToAppliedMs: number | null;
}

export interface MigrationRecord {
  readonly id: string;
  readonly description: string;
  readonly executedAt: string;
}
