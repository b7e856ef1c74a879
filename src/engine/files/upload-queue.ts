import { liveQuery } from 'dexie';
import { defaultBackoff, type BackoffPolicy, type RandomSource } from '../../core/backoff.ts';
import type { ClinicDb } from '../local-db.ts';
import { hasBlob, type FileBlobDb } from './file-blob-store.ts';
import type { FileStorage } from './file-storage-port.ts';
import {
  pendingFileOf,
  uploadOneFile,
  type PendingFile,
  type UploadContext,
  type UploadOutcome,
} from './upload-one-file.ts';
import type { UploadStatus } from './upload-status.ts';

export interface UploadQueueOptions {
  readonly db: ClinicDb;
  readonly blobs: FileBlobDb;
  readonly storage: FileStorage;
  readonly now?: () => number;
  readonly random?: RandomSource;
  readonly backoff?: BackoffPolicy;
  /** Files uploaded at the same time (default 3: enough to fill a clinic link, few enough to keep pulls responsive). */
  readonly concurrency?: number;
}

export interface UploadRunSummary {
  readonly done: number;
  readonly waiting: number;
  readonly failed: number;
}

/**
 * The upload queue of the sync leader. It is fed by the `files` rows themselves (not uploaded,
 * not deleted) whose bytes are on this device, so it needs no queue of its own to keep in step:
 * a reload, a crash or a resync leaves nothing to repair. Each file goes through `uploadOneFile`;
 * transient failures wait out the core's backoff (per file), refusals stay `failed` until `retry`.
 * Runs never overlap: a wake during a run schedules exactly one more run.
 */
export interface UploadQueue {
  /** Uploads every file due now; resolves when they are all settled. */
  runOnce(): Promise<UploadRunSummary>;
  /** Watches the `files` rows and the link, and runs whenever something may be due. */
  start(): void;
  stop(): Promise<void>;
  wake(): void;
  /** The link came back: every `waiting` file is due now (its backoff was earned offline). */
  linkBack(): Promise<UploadRunSummary>;
  /** Makes a `failed` (or waiting) file due again, from any context. */
  retry(fileId: string): Promise<boolean>;
}

export function createUploadQueue(options: UploadQueueOptions): UploadQueue {
  // Aborted by `stop()`: an upload in flight stops at once and stays resumable for the next
  // uploader (another leader, or this one started again); a later run gets a fresh one.
  let stopping = new AbortController();
  const context: UploadContext = {
    db: options.db,
    blobs: options.blobs,
    storage: options.storage,
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
    backoff: options.backoff ?? defaultBackoff,
    get signal() {
      return stopping.signal;
    },
  };
  const concurrency = Math.max(1, options.concurrency ?? 3);
  let running: Promise<UploadRunSummary> | null = null;
  let again = false;
  let stopped = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cleanups: Array<() => void> = [];

  async function runAll(): Promise<UploadRunSummary> {
    const due = await dueFiles(context);
    const counts: Record<UploadOutcome, number> = { done: 0, waiting: 0, failed: 0 };
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < due.length && !context.signal?.aborted) {
        const item = due[next++];
        if (!item) break;
        const outcome = await uploadOneFile(context, item.file, item.status).catch(() => 'waiting' as const);
        counts[outcome] += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, due.length) }, worker));
    return counts;
  }

  function runOnce(): Promise<UploadRunSummary> {
    if (running) {
      again = true;
      return running;
    }
    if (stopping.signal.aborted) stopping = new AbortController();
    running = runAll().finally(() => {
      running = null;
      if (again && !stopped) {
        again = false;
        void runOnce();
      } else void armTimer();
    });
    return running;
  }

  /** Files waiting out their backoff wake the queue when they become due. */
  async function armTimer(): Promise<void> {
    if (stopped) return;
    const waiting = await context.blobs.uploads.where('phase').equals('waiting').toArray();
    const dueAt = Math.min(...waiting.map((status) => status.nextAttemptAt));
    if (timer !== undefined) clearTimeout(timer);
    timer = Number.isFinite(dueAt)
      ? setTimeout(() => void runOnce(), Math.max(0, dueAt - context.now()))
      : undefined;
  }

  async function linkBack(): Promise<UploadRunSummary> {
    await context.blobs.uploads.where('phase').equals('waiting').modify({ nextAttemptAt: 0 });
    return runOnce();
  }

  return {
    runOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      // Pending rows (a capture, a pull) and retries asked for in any context wake the uploader.
      const subscription = liveQuery(async () => [
        await context.db
          .rows('files')
          .filter((row) => pendingFileOf(row, context.storage.bucket) !== undefined)
          .primaryKeys(),
        await context.blobs.uploads.where('phase').equals('queued').primaryKeys(),
      ]).subscribe({
        next: () => void runOnce(),
        error: () => {},
      });
      cleanups.push(() => subscription.unsubscribe());
      // Browsers and workers fire `online`; Node has no such event (and no DOM types here).
      const target = globalThis as {
        addEventListener?: (type: 'online', listener: () => void) => void;
        removeEventListener?: (type: 'online', listener: () => void) => void;
      };
      if (target.addEventListener) {
        // The link is back: files waiting out a backoff earned offline are due now.
        const online = (): void => void linkBack();
        target.addEventListener('online', online);
        cleanups.push(() => target.removeEventListener?.('online', online));
      }
    },
    async stop() {
      stopped = true;
      stopping.abort();
      if (timer !== undefined) clearTimeout(timer);
      for (const cleanup of cleanups.splice(0)) cleanup();
      await running?.catch(() => undefined);
    },
    wake: () => void runOnce(),
    linkBack,
    async retry(fileId) {
      const status = await context.blobs.uploads.get(fileId);
      if (status?.phase !== 'failed' && status?.phase !== 'waiting') return false;
      await context.blobs.uploads.update(fileId, { phase: 'queued', nextAttemptAt: 0, error: null });
      // The context that runs the queue sees the change (its live query); only it uploads.
      if (!stopped) void runOnce();
      return true;
    },
  };
}

/** Pending rows with local bytes, not failed, whose backoff is over. */
async function dueFiles(
  context: UploadContext,
): Promise<{ file: PendingFile; status: UploadStatus | undefined }[]> {
  const rows = await context.db
    .rows('files')
    .filter((row) => pendingFileOf(row, context.storage.bucket) !== undefined)
    .toArray();
  const due: { file: PendingFile; status: UploadStatus | undefined }[] = [];
  const now = context.now();
  for (const row of rows) {
    const file = pendingFileOf(row, context.storage.bucket);
    if (!file) continue;
    const status = await context.blobs.uploads.get(file.id);
    if (status?.phase === 'failed' || (status?.phase === 'waiting' && status.nextAttemptAt > now)) continue;
    if (await hasBlob(context.blobs, file.sha256)) due.push({ file, status });
  }
  return due;
}
