import { useMemo } from 'react';
import type { LiveResult } from '../../data/use-live-query.ts';
import { useThrottledTable } from '../../data/use-throttled-table.ts';
import type { LocalRow } from '../../../engine/local-records.ts';
import { buildPatientSearchIndex, type PatientSearchIndex } from './patient-search.ts';

/**
 * Every live (not deleted) patient of the local copy, and the search index over them. The list
 * is re-read when the patients store changes (local edit, sync, another tab), at most once a
 * second; keystrokes only query the index.
 */
export function usePatientIndex(): LiveResult<PatientSearchIndex<LocalRow>> {
  const rows = useThrottledTable('patients');
  return useMemo(() => {
    if (rows.kind !== 'ready') return rows;
    const live = rows.value.filter((row) => row.deleted_at === null || row.deleted_at === undefined);
    return { kind: 'ready', value: buildPatientSearchIndex(live) };
  }, [rows]);
}
