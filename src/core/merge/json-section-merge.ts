import { isPlainObject, jsonEqual } from './json-equal.ts';

/** A key both sides changed differently; `path` leads from the top of the document to it. */
export interface JsonConflict {
  readonly path: readonly string[];
  readonly base: unknown;
  readonly mine: unknown;
  readonly theirs: unknown;
}

export interface JsonMerge {
  /** The merged document; at a conflicting path it holds `prefer`'s value. */
  readonly merged: unknown;
  readonly conflicts: readonly JsonConflict[];
}

/**
 * Key-wise 3-way merge of a sectioned JSON document (an encounter's `record`: anamnesis,
 * diagnosis, plan, …). At every key:
 * - equal on both sides, or changed on one side only → that value;
 * - changed on both sides and all three are objects → merged one level deeper;
 * - otherwise a conflict at that path, provisionally resolved to `prefer`'s value.
 * A key removed on one side and untouched on the other stays removed. Absent and `undefined` are the
 * same thing; `null` is a value. Nothing one side changed is lost unless the other side changed the
 * same key, and then it is reported. With no conflicts the result does not depend on which side is
 * "mine": merge(b, x, y) equals merge(b, y, x).
 */
export function mergeJsonSections(
  base: unknown,
  mine: unknown,
  theirs: unknown,
  prefer: 'mine' | 'theirs' = 'theirs',
): JsonMerge {
  const conflicts: JsonConflict[] = [];
  const merged = mergeAt([], base, mine, theirs, prefer, conflicts);
  return { merged, conflicts };
}

function mergeAt(
  path: readonly string[],
  base: unknown,
  mine: unknown,
  theirs: unknown,
  prefer: 'mine' | 'theirs',
  conflicts: JsonConflict[],
): unknown {
  if (jsonEqual(mine, theirs)) return mine;
  if (jsonEqual(base, mine)) return theirs;
  if (jsonEqual(base, theirs)) return mine;
  if (
    isPlainObject(mine) &&
    isPlainObject(theirs) &&
    (isPlainObject(base) || base === undefined || base === null)
  ) {
    return mergeObjects(path, isPlainObject(base) ? base : {}, mine, theirs, prefer, conflicts);
  }
  conflicts.push({ path, base, mine, theirs });
  return prefer === 'mine' ? mine : theirs;
}

function mergeObjects(
  path: readonly string[],
  base: Record<string, unknown>,
  mine: Record<string, unknown>,
  theirs: Record<string, unknown>,
  prefer: 'mine' | 'theirs',
  conflicts: JsonConflict[],
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const keys = [...new Set([...Object.keys(base), ...Object.keys(theirs), ...Object.keys(mine)])].sort();
  for (const key of keys) {
    const value = mergeAt([...path, key], base[key], mine[key], theirs[key], prefer, conflicts);
    if (value !== undefined) result[key] = value;
  }
  return result;
}
