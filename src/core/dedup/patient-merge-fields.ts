import { followingColumns, isFollowingColumn } from '../canonical/following-columns.ts';
import { jsonEqual } from '../merge/json-equal.ts';
import type { RowValues } from '../protocol/synced-row.ts';

/**
 * What the kept chart takes from a removed duplicate so that nothing it held is lost:
 * - `filled`: columns empty on the kept chart, taken as the removed one has them;
 * - `kept`: columns both hold, differently (a second phone, another document, another birth
 *   date): written into the kept chart's notes, each with its field, since a chart has one of each;
 * - `notes`: the removed chart's own notes, joined after the kept chart's;
 * - `tags`: the union of both charts' tags.
 * The removed chart itself goes to the trash linked to the kept one (features/duplicates).
 */
export interface PatientMergeFields {
  readonly filled: readonly { readonly column: string; readonly value: unknown }[];
  readonly kept: readonly { readonly column: string; readonly value: unknown }[];
  readonly notes: string | null;
  readonly tags: readonly string[];
}

/** Columns no person typed, or that the merge itself sets. */
const notMerged = new Set([
  'id',
  'rev',
  'created_at',
  'updated_at',
  'deleted_at',
  'last_editor',
  'notes',
  'tags',
  'duplicate_reason',
]);

const isEmpty = (value: unknown) =>
  value === null || value === undefined || (typeof value === 'string' && value.trim() === '');

export function patientMergeFields(kept: RowValues, removed: RowValues): PatientMergeFields {
  const filled: { column: string; value: unknown }[] = [];
  const differing: { column: string; value: unknown }[] = [];
  for (const [column, value] of Object.entries(removed)) {
    if (notMerged.has(column) || isFollowingColumn('patients', column) || isEmpty(value)) continue;
    if (isEmpty(kept[column])) filled.push({ column, value });
    else if (!jsonEqual(kept[column], value)) differing.push({ column, value });
  }
  const removedNotes = typeof removed['notes'] === 'string' ? removed['notes'].trim() : '';
  const keptNotes = typeof kept['notes'] === 'string' ? kept['notes'].trim() : '';
  const tags = [...new Set([...tagsOf(kept), ...tagsOf(removed)])].filter(
    (tag) => !tag.startsWith('merged-into:'),
  );
  return {
    filled,
    kept: differing,
    notes: removedNotes === '' || removedNotes === keptNotes ? null : removedNotes,
    tags,
  };
}

/**
 * The edit of the kept chart: filled columns (with the columns that follow them, a phone's
 * search key), tags joined, and the notes followed by one paragraph per removed chart, headed by
 * `heading` and listing each differing value as `line` writes it (the screen's language).
 */
export function keptChartChange(
  kept: RowValues,
  merges: readonly { readonly removed: RowValues; readonly fields: PatientMergeFields }[],
  heading: (removed: RowValues) => string,
  line: (column: string, value: unknown) => string,
): RowValues {
  const change: RowValues = {};
  const paragraphs: string[] = [];
  const tags = new Set(tagsOf(kept));
  for (const { removed, fields } of merges) {
    for (const { column, value } of fields.filled) {
      if (column in change) continue;
      change[column] = value;
      for (const following of followingColumns['patients']?.[column] ?? [])
        change[following] = removed[following] ?? null;
    }
    for (const tag of fields.tags) tags.add(tag);
    const lines = [...fields.kept.map(({ column, value }) => line(column, value))];
    if (fields.notes !== null) lines.push(fields.notes);
    if (lines.length > 0) paragraphs.push([heading(removed), ...lines].join('\n'));
  }
  if (paragraphs.length > 0) {
    const own = typeof kept['notes'] === 'string' ? kept['notes'].trim() : '';
    change['notes'] = [own, ...paragraphs].filter(Boolean).join('\n\n');
  }
  if (tags.size !== tagsOf(kept).length) change['tags'] = [...tags];
  return change;
}

function tagsOf(row: RowValues): string[] {
  const tags = row['tags'];
  return Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string') : [];
}
