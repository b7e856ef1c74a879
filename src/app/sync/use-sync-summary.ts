import { useClinicDb } from '../data/clinic-data-context.tsx';
import { useLiveQuery } from '../data/use-live-query.ts';

/** What the header shows, read straight from the local database (so every tab sees it). */
export interface SyncSummary {
  readonly pending: number;
  readonly failed: number;
  readonly conflicts: number;
  readonly cursor: number;
  readonly lastPullAt: string | null;
}

export function useSyncSummary(): SyncSummary | undefined {
  const db = useClinicDb();
  const result = useLiveQuery(async (): Promise<SyncSummary> => {
    const [pending, failed, conflicts, pull] = await Promise.all([
      db.outbox.where('state').anyOf('pending', 'sending').count(),
      db.outbox.where('state').equals('failed').count(),
      db.conflicts.where('state').equals('open').count(),
      db.sync_state.get('pull'),
    ]);
    const pullState = pull && pull.key === 'pull' ? pull : undefined;
    return {
      pending,
      failed,
      conflicts,
      cursor: pullState?.cursor ?? 0,
      lastPullAt: pullState?.lastPullAt ?? null,
    };
  }, [db]);
  return result.kind === 'ready' ? result.value : undefined;
}
