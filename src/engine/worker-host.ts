import type { ConflictChoice } from '../core/merge/conflict-record.ts';
import type { SyncedTableName } from '../core/synced-tables.ts';
import { openClinicDb, defaultDatabaseName, type ClinicDb } from './local-db.ts';
import { createSupabaseRemote } from './supabase-remote.ts';
import { createSyncEngine, type SyncEngine } from './sync-engine.ts';
import { createEngineService, syncReport } from './engine-service.ts';
import { electLeader, type LeaderElection } from './leader-election.ts';
import { leaderLockName, type LockPort } from './lock-port.ts';
import { createLeaderRelay, type LeaderRelay, type RelayMethod } from './leader-relay.ts';
import { commandError, type CommandResult } from './command-result.ts';
import { resolveConflict } from './conflict-resolution.ts';
import { discardOutboxEntry, retryEntry } from './outbox-commands.ts';
import { cleanupTombstones } from './tombstones.ts';
import type { IntegrityReport } from './integrity-check.ts';
import type { SyncEngineApi, SyncStatus } from './engine-api.ts';
import type { SyncRemote } from './remote-port.ts';
import type { FileUploads } from './files/file-uploads.ts';

export interface SyncWorkerConfig {
  readonly supabaseUrl: string;
  readonly anonKey: string;
  readonly databaseName?: string;
  readonly accessToken: string | null;
}

/** What the sync worker exposes: the engine API plus its setup and teardown. */
export interface SyncWorkerApi extends SyncEngineApi {
  configure(config: SyncWorkerConfig): Promise<void>;
  close(): Promise<void>;
}

export interface WorkerHostEnv {
  readonly locks: LockPort;
  /** Builds the remote (default: supabase-js); tests inject one with a Node WebSocket. */
  readonly createRemote?: (config: SyncWorkerConfig, accessToken: () => Promise<string | null>) => SyncRemote;
  /**
   * Starts the file upload queue while this host leads (`startFileUploads` with a Storage client
   * sending the worker's access token). The queue still takes the upload lock, so a tab uploading
   * as a fallback and this worker never upload at once. Absent: this host uploads nothing.
   */
  readonly startFileUploads?: (
    db: ClinicDb,
    config: SyncWorkerConfig,
    accessToken: () => Promise<string | null>,
  ) => Promise<Pick<FileUploads, 'stop'>>;
}

interface Parts {
  readonly db: ClinicDb;
  readonly remote: SyncRemote;
  readonly engine: SyncEngine;
  readonly leaderApi: SyncEngineApi;
  readonly relay: LeaderRelay;
  readonly election: LeaderElection;
}

/**
 * The composition behind the sync worker. Every tab runs one; all of them ask for the leader lock
 * and the one holding it runs the sync loop. Commands that only touch IndexedDB (retry, discard,
 * resolve a conflict, clean tombstones) run in whichever worker is asked (the leader's outbox
 * watch sees the change); commands that need the network are forwarded to the leader.
 */
export function createWorkerHost(env: WorkerHostEnv): SyncWorkerApi {
  let parts: Parts | null = null;
  let token: string | null = null;
  let leaderStatus: SyncStatus | null = null;
  const watchers = new Map<number, (status: SyncStatus) => void>();
  let nextWatcher = 1;

  const need = (): Parts => {
    if (!parts) throw new Error('sync worker used before configure()');
    return parts;
  };
  const notify = (status: SyncStatus): void => {
    for (const watcher of watchers.values()) watcher(status);
  };

  async function forward<T>(
    method: RelayMethod,
    args: readonly unknown[],
    local: (api: SyncEngineApi) => Promise<T>,
    fallback: () => T | Promise<T>,
  ): Promise<T> {
    const { election, leaderApi, relay } = need();
    if (election.isLeader()) return local(leaderApi);
    const answer = await relay.ask(method, args);
    return answer === null ? fallback() : (answer.value as T);
  }

  async function followerStatus(): Promise<SyncStatus> {
    const local = await need().engine.status();
    return leaderStatus ? { ...leaderStatus, ...countsOf(local), leader: false } : local;
  }

  const noLeader = (): CommandResult =>
    commandError('not_leader', 'no tab is syncing right now; try again in a moment');

  return {
    async configure(config) {
      if (parts) return;
      token = config.accessToken;
      const databaseName = config.databaseName ?? defaultDatabaseName;
      const db = await openClinicDb(databaseName);
      const accessToken = async (): Promise<string | null> => token;
      const remote =
        env.createRemote?.(config, accessToken) ??
        createSupabaseRemote({ url: config.supabaseUrl, anonKey: config.anonKey, accessToken });
      const engine = createSyncEngine({ db, remote, locks: env.locks });
      const leaderApi = createEngineService({ db, remote, engine, setAccessToken: (next) => (token = next) });
      const relay = createLeaderRelay(databaseName);
      relay.onStatus((status) => {
        leaderStatus = status;
        void followerStatus().then(notify);
      });
      const election = electLeader(env.locks, leaderLockName(databaseName), async (signal) => {
        const stopServing = relay.serve((method, args) => callLeader(leaderApi, method, args));
        const stopWatching = engine.onStatus((status) => {
          relay.announce({ ...status, leader: false });
          notify(status);
        });
        await engine.start();
        // A failure to open the bytes database must not stop syncing: uploads then wait for the
        // next leader (or a tab's fallback uploader).
        const uploads = await env.startFileUploads?.(db, config, accessToken).catch(() => undefined);
        // Resigning during the awaits above has already aborted: do not wait for the event then.
        await new Promise<void>((resolve) =>
          signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true }),
        );
        await uploads?.stop().catch(() => undefined);
        stopWatching();
        stopServing();
        await engine.stop();
      });
      parts = { db, remote, engine, leaderApi, relay, election };
    },
    async close() {
      if (!parts) return;
      const { election, relay, remote, db } = parts;
      parts = null;
      await election.resign();
      relay.close();
      await remote.close();
      db.close();
    },
    getStatus: () => (need().election.isLeader() ? need().engine.status() : followerStatus()),
    async watchStatus(listener) {
      const id = nextWatcher++;
      watchers.set(id, listener);
      listener(await this.getStatus());
      return id;
    },
    async unwatchStatus(id) {
      watchers.delete(id);
    },
    async getSyncStatus() {
      const { db } = need();
      return syncReport(db, { status: () => this.getStatus() });
    },
    async syncNow() {
      const status = await forward('syncNow', [], (api) => api.syncNow(), followerStatus);
      return { ...status, leader: need().election.isLeader() };
    },
    resetSyncState: (table: SyncedTableName | 'all') =>
      forward('resetSyncState', [table], (api) => api.resetSyncState(table), noLeader),
    forceFullResync: () => forward('forceFullResync', [], (api) => api.forceFullResync(), noLeader),
    runIntegrityCheck: () =>
      forward<IntegrityReport>(
        'runIntegrityCheck',
        [],
        (api) => api.runIntegrityCheck(),
        () => ({ checkedAt: new Date().toISOString(), tables: [], ok: false }),
      ),
    cleanupTombstones: () => cleanupTombstones(need().db),
    retry: (mid: string) => retryEntry(need().db, mid),
    discard: (mid: string, reason?: string) => discardOutboxEntry(need().db, mid, reason),
    resolveConflict: (conflictId: string, choice: ConflictChoice) =>
      resolveConflict(need().db, conflictId, choice),
    async setAccessToken(next) {
      token = next;
      if (parts?.election.isLeader()) await parts.leaderApi.setAccessToken(next);
    },
  };
}

function callLeader(api: SyncEngineApi, method: RelayMethod, args: readonly unknown[]): Promise<unknown> {
  switch (method) {
    case 'syncNow':
      return api.syncNow();
    case 'resetSyncState':
      return api.resetSyncState(args[0] as SyncedTableName | 'all');
    case 'forceFullResync':
      return api.forceFullResync();
    case 'runIntegrityCheck':
      return api.runIntegrityCheck();
  }
}

function countsOf(
  status: SyncStatus,
): Pick<SyncStatus, 'pending' | 'failed' | 'conflicts' | 'cursor' | 'lastPullAt' | 'lastPushAt'> {
  const { pending, failed, conflicts, cursor, lastPullAt, lastPushAt } = status;
  return { pending, failed, conflicts, cursor, lastPullAt, lastPushAt };
}
