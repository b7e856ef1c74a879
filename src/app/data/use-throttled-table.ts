import { useEffect, useState } from 'react';
import { Dexie, type ObservabilitySet } from 'dexie';
import type { SyncedTableName } from '../../core/synced-tables.ts';
import type { LocalRow } from '../../engine/local-records.ts';
import { useClinicDb } from './clinic-data-context.tsx';
import type { LiveResult } from './use-live-query.ts';

/**
 * Every row of a table, re-read when the table changes (here, in another tab, or from the sync
 * worker: Dexie's `storagemutated` event covers all three), but at most once per `intervalMs`.
 * For screens that need a whole large table in memory (the patient search index): a first sync
 * writing 50 000 patients in pages would otherwise re-read the table after every page.
 *
 * Guarantees: the first change after a quiet period is read at once (a local edit shows without
 * delay); changes during a read or inside the interval are never lost, one trailing read follows.
 */
export function useThrottledTable(table: SyncedTableName, intervalMs = 1000): LiveResult<LocalRow[]> {
  const db = useClinicDb();
  const [result, setResult] = useState<LiveResult<LocalRow[]>>({ kind: 'loading' });

  useEffect(() => {
    const prefix = `idb://${db.name}/${table}/`;
    let cancelled = false;
    let reading = false;
    let dirty = false;
    let lastRead = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;

    const read = async (): Promise<void> => {
      reading = true;
      dirty = false;
      lastRead = Date.now();
      try {
        const rows = await db.rows(table).toArray();
        if (!cancelled) setResult({ kind: 'ready', value: rows });
      } catch (error) {
        if (!cancelled)
          setResult({ kind: 'error', error: error instanceof Error ? error : new Error(String(error)) });
      } finally {
        reading = false;
        if (dirty && !cancelled) schedule();
      }
    };
    const schedule = (): void => {
      if (reading) {
        dirty = true;
        return;
      }
      if (timer) return;
      const wait = Math.max(0, lastRead + intervalMs - Date.now());
      timer = setTimeout(() => {
        timer = null;
        void read();
      }, wait);
    };
    const onMutated = (parts: ObservabilitySet): void => {
      // `all` is Dexie's "anything may have changed" (e.g. a page restored from the back/forward cache).
      if (Object.keys(parts).some((key) => key === 'all' || key.startsWith(prefix))) schedule();
    };

    Dexie.on('storagemutated', onMutated);
    void read();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
      Dexie.on('storagemutated').unsubscribe(onMutated);
    };
  }, [db, table, intervalMs]);

  return result;
}
