import type { RowValues } from '../protocol/synced-row.ts';
import { followingColumns } from '../canonical/following-columns.ts';
import { isPlainObject } from './json-equal.ts';

/** A kept superseded value, as its history row stores it. */
export interface KeptValue {
  readonly table_name: string;
  readonly column_name: string;
  readonly section: string | null;
  readonly value: unknown;
}

/**
 * The edit that brings a kept value back onto the row as it is now: the column (and the columns
 * that follow it), or, for a section of a sectioned JSON column, that section over the current
 * sections. It is a new edit by the person who chose it, queued and synced like any other.
 */
export function restoringEdit(kept: KeptValue, current: RowValues): RowValues {
  if (kept.section !== null) {
    const sections = isPlainObject(current[kept.column_name]) ? current[kept.column_name] : {};
    return { [kept.column_name]: { ...(sections as RowValues), [kept.section]: kept.value } };
  }
  const edit: RowValues = { [kept.column_name]: kept.value };
  for (const column of followingColumns[kept.table_name]?.[kept.column_name] ?? []) edit[column] = kept.value;
  return edit;
}
