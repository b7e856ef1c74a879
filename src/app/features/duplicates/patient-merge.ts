import { clinicTables } from '../../../core/schema/clinic-tables.ts';
import { isSyncedTableName, type SyncedTableName } from '../../../core/synced-tables.ts';
import { mutate } from '../../../engine/write-api.ts';
import type { ClinicDb } from '../../../engine/local-db.ts';
import type { LocalRow } from '../../../engine/local-records.ts';
import {
  keptChartChange,
  patientMergeFields,
  type PatientMergeFields,
} from '../../../core/dedup/patient-merge-fields.ts';
import type { RowValues } from '../../../core/protocol/synced-row.ts';

/**
 * Merging duplicate patients keeps everything: the survivor takes every value of a duplicate that
 * differs (core/dedup/patient-merge-fields.ts: empty fields filled, other values and notes kept in
 * its notes, tags joined); every row that points at a duplicate (by a foreign key to `patients`,
 * or a file owned by it) is moved to the survivor; then each duplicate is tagged
 * `merged-into:<survivor>` and soft-deleted, so it can be traced and, within the window, restored.
 * Each step is an ordinary queued edit, so the server applies them with the usual checks.
 */
export interface ReferenceMove {
  readonly table: SyncedTableName;
  readonly column: string;
  readonly rowIds: readonly string[];
}

/** Columns that hold a patient id: catalogue foreign keys, plus files owned by a patient. */
const patientReferences: readonly { table: SyncedTableName; column: string; ownerTable?: string }[] = [
  ...clinicTables.flatMap((table) =>
    table.columns
      .filter((column) => column.references === 'patients' && isSyncedTableName(table.name))
      .map((column) => ({ table: table.name as SyncedTableName, column: column.name })),
  ),
  { table: 'files', column: 'owner_id', ownerTable: 'patients' },
];

const live = (row: LocalRow) => row.deleted_at === null || row.deleted_at === undefined;

export async function planPatientMerge(
  db: ClinicDb,
  duplicateIds: readonly string[],
): Promise<ReferenceMove[]> {
  const moves: ReferenceMove[] = [];
  for (const reference of patientReferences) {
    const rows = await db
      .rows(reference.table)
      .filter(
        (row) =>
          live(row) &&
          duplicateIds.includes(String(row[reference.column])) &&
          (!reference.ownerTable || row['owner_table'] === reference.ownerTable),
      )
      .toArray();
    if (rows.length > 0)
      moves.push({ table: reference.table, column: reference.column, rowIds: rows.map((row) => row.id) });
  }
  return moves;
}

/** What the survivor takes from each duplicate, read from the rows as the device shows them. */
export async function planFieldMerge(
  db: ClinicDb,
  survivorId: string,
  duplicateIds: readonly string[],
): Promise<{ removed: LocalRow; fields: PatientMergeFields }[]> {
  const survivor = await db.rows('patients').get(survivorId);
  if (survivor === undefined) return [];
  const plans: { removed: LocalRow; fields: PatientMergeFields }[] = [];
  for (const id of duplicateIds) {
    const removed = await db.rows('patients').get(id);
    if (removed !== undefined) plans.push({ removed, fields: patientMergeFields(survivor, removed) });
  }
  return plans;
}

/** How the survivor's notes name what came from a duplicate, in the screen's language. */
export interface MergeWording {
  heading(removed: RowValues): string;
  line(column: string, value: unknown): string;
}

export type MergeOutcome =
  | { readonly ok: true; readonly edits: number }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly edits: number };

export async function mergePatients(
  db: ClinicDb,
  survivorId: string,
  duplicateIds: readonly string[],
  wording: MergeWording,
): Promise<MergeOutcome> {
  let edits = 0;
  const survivor = await db.rows('patients').get(survivorId);
  if (survivor === undefined) return { ok: false, code: 'row_missing', message: survivorId, edits };
  const fields = await planFieldMerge(db, survivorId, duplicateIds);
  const change = keptChartChange(survivor, fields, wording.heading, wording.line);
  if (Object.keys(change).length > 0) {
    const kept = await mutate(db, 'patients', 'update', survivorId, change);
    if (!kept.ok) return { ok: false, code: kept.error.code, message: kept.error.message, edits };
    edits++;
  }
  for (const move of await planPatientMerge(db, duplicateIds)) {
    for (const rowId of move.rowIds) {
      const result = await mutate(db, move.table, 'update', rowId, { [move.column]: survivorId });
      if (!result.ok) return { ok: false, code: result.error.code, message: result.error.message, edits };
      edits++;
    }
  }
  for (const id of duplicateIds) {
    const row = await db.rows('patients').get(id);
    const tags = Array.isArray(row?.['tags'])
      ? (row['tags'] as unknown[]).filter((tag): tag is string => typeof tag === 'string')
      : [];
    const tagged = await mutate(db, 'patients', 'update', id, {
      tags: [...tags.filter((tag) => !tag.startsWith('merged-into:')), `merged-into:${survivorId}`],
    });
    if (!tagged.ok) return { ok: false, code: tagged.error.code, message: tagged.error.message, edits };
    const removed = await mutate(db, 'patients', 'delete', id);
    if (!removed.ok) return { ok: false, code: removed.error.code, message: removed.error.message, edits };
    edits += 2;
  }
  return { ok: true, edits };
}
