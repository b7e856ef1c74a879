import type { LocalRow } from '../../../engine/local-records.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery, type LiveResult } from '../../data/use-live-query.ts';
import { recordLabel } from '../../data/record-label.ts';

export interface AgendaData {
  readonly branches: LocalRow[];
  readonly professionals: LocalRow[];
  readonly rooms: LocalRow[];
  /** Live appointments of the branch starting within the range (a day's margin each side). */
  readonly appointments: LocalRow[];
  readonly patients: ReadonlyMap<string, LocalRow>;
  readonly names: ReadonlyMap<string, string>;
}

const live = (row: LocalRow) => !row.deleted_at;

/**
 * What the agenda shows for one branch between `from` and `to` (epoch ms), re-read whenever the
 * local copy changes. Professionals are the branch's doctors and nurses, those of no branch, and
 * those of another branch booked here in the range.
 */
export function useAgendaData(branchId: string | null, from: number, to: number): LiveResult<AgendaData> {
  const db = useClinicDb();
  return useLiveQuery(async (): Promise<AgendaData> => {
    const branches = (await db.rows('branches').toArray()).filter(live);
    const branch = branchId ?? branches[0]?.id ?? null;
    const inBranch = (row: LocalRow) => branch === null || !row['branch_id'] || row['branch_id'] === branch;
    const profiles = await db.rows('profiles').toArray();
    const rooms = (await db.rows('rooms').toArray())
      .filter((r) => live(r) && r['active'] !== false && inBranch(r))
      .sort((a, b) => recordLabel(a).localeCompare(recordLabel(b)));
    // Stored times mix `Z` and `+00:00` forms, which sort apart as text: a day's margin each side,
    // then the exact range by parsed time.
    const appointments = (
      await db
        .rows('appointments')
        .where('starts_at')
        .between(new Date(from - 86_400_000).toISOString(), new Date(to + 86_400_000).toISOString())
        .toArray()
    ).filter((row) => {
      const start = Date.parse(String(row['starts_at']));
      return live(row) && inBranch(row) && start >= from && start < to;
    });
    // Anyone booked here in the range has a column too (a doctor of another branch, an admin).
    const seenHere = new Set(appointments.map((a) => a['professional_id']));
    const professionals = profiles
      .filter(
        (p) =>
          live(p) &&
          (((p['role'] === 'doctor' || p['role'] === 'nurse') && inBranch(p)) || seenHere.has(p.id)),
      )
      .sort((a, b) => recordLabel(a).localeCompare(recordLabel(b)));
    const patientIds = [...new Set(appointments.map((a) => String(a['patient_id'])))];
    const patients = new Map(
      (await db.rows('patients').bulkGet(patientIds))
        .filter((p): p is LocalRow => p !== undefined)
        .map((p) => [p.id, p]),
    );
    const names = new Map<string, string>();
    for (const row of [...professionals, ...rooms, ...patients.values()]) names.set(row.id, recordLabel(row));
    return { branches, professionals, rooms, appointments, patients, names };
  }, [db, branchId, from, to]);
}
