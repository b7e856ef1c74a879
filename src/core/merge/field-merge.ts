import type { FieldPolicy } from '../entity-rules.ts';
import { isPlainObject, jsonEqual } from './json-equal.ts';
import { mergeJsonSections, type JsonConflict } from './json-section-merge.ts';

/** One column seen three ways. `undefined` = the side does not have the column. */
export interface FieldSides {
  readonly base: unknown;
  readonly mine: unknown;
  readonly theirs: unknown;
}

/**
 * When each side's edit happened, in server time (epoch ms): `mineAt` is the client's edit time
 * corrected by the clock-skew estimate, `theirsAt` the server row's `updated_at`.
 */
export interface EditTimes {
  readonly mineAt: number;
  readonly theirsAt: number;
}

export type Side = 'mine' | 'theirs' | 'merged';

export type FieldDecision =
  | { readonly kind: 'resolved'; readonly value: unknown; readonly by: Side }
  | {
      readonly kind: 'conflict';
      /** What the merge recommends a person accepts: the later side, or the merge preferring it. */
      readonly suggested: unknown;
      readonly suggestedBy: Side;
      /**
       * The value if a person keeps their own side, or the server's, for this column. Equal to
       * `mine` / `theirs` except for sectioned JSON, where only the colliding keys take the chosen
       * side and every key changed on one side only keeps that change.
       */
      readonly ifMine: unknown;
      readonly ifTheirs: unknown;
      /** For sectioned JSON, the keys that collided. */
      readonly jsonConflicts: readonly JsonConflict[];
    };

/**
 * Decides one column. A column changed on one side only takes that side's value whatever the
 * policy; policies only arbitrate columns both sides changed to different values. The exception
 * is a count under `merge`, where equal values on both sides are still two changes.
 *
 * Tie-break (lww, and the suggestion of a manual conflict): the later edit in server time wins;
 * equal times go to the server ("theirs"), which every replica sees identically, so all replicas
 * decide the same way.
 */
export function decideField(policy: FieldPolicy, sides: FieldSides, times: EditTimes): FieldDecision {
  const { base, mine, theirs } = sides;
  if (policy === 'merge' && isCount(base) && isCount(mine) && isCount(theirs)) {
    // Counters (stock on hand): both deltas apply, even when both sides happen to reach the same
    // number (two people each taking 4 boxes out of 100 leave 92, not 96). Commutative.
    return theirs === base
      ? resolved(mine, 'mine')
      : resolved(theirs + (mine - base), mine === base ? 'theirs' : 'merged');
  }
  if (jsonEqual(mine, theirs)) return resolved(mine, 'mine');
  if (jsonEqual(base, theirs)) return resolved(mine, 'mine');
  if (jsonEqual(base, mine)) return resolved(theirs, 'theirs');
  const later = laterSide(times);
  switch (policy) {
    case 'client-wins':
      return resolved(mine, 'mine');
    case 'server-wins':
      return resolved(theirs, 'theirs');
    case 'lww':
      return resolved(later === 'mine' ? mine : theirs, later);
    case 'manual':
      return plainConflict(sides, later);
    case 'merge':
      return mergeValues(sides, later);
  }
}

export function laterSide(times: EditTimes): 'mine' | 'theirs' {
  return times.mineAt > times.theirsAt ? 'mine' : 'theirs';
}

/** `merge` for the value kinds that combine; other kinds fall back to a manual conflict. */
function mergeValues(sides: FieldSides, later: 'mine' | 'theirs'): FieldDecision {
  const { base, mine, theirs } = sides;
  if (isPlainObject(mine) && isPlainObject(theirs)) {
    const result = mergeJsonSections(base, mine, theirs, later);
    if (result.conflicts.length === 0) return resolved(result.merged, 'merged');
    return {
      kind: 'conflict',
      suggested: result.merged,
      suggestedBy: 'merged',
      ifMine: mergeJsonSections(base, mine, theirs, 'mine').merged,
      ifTheirs: mergeJsonSections(base, mine, theirs, 'theirs').merged,
      jsonConflicts: result.conflicts,
    };
  }
  if (isScalarList(base) && isScalarList(mine) && isScalarList(theirs)) {
    return resolved(mergeSets(base, mine, theirs), 'merged');
  }
  return plainConflict(sides, later);
}

type Scalar = string | number;

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isScalarList(value: unknown): value is Scalar[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number');
}

/**
 * 3-way set merge (tags): what either side added is in, what either side removed is out.
 * The result is sorted so it does not depend on which side merged first.
 */
function mergeSets(base: readonly Scalar[], mine: readonly Scalar[], theirs: readonly Scalar[]): Scalar[] {
  const removed = new Set([
    ...base.filter((item) => !mine.includes(item)),
    ...base.filter((item) => !theirs.includes(item)),
  ]);
  const all = new Set([...theirs, ...mine].filter((item) => !removed.has(item)));
  return [...all].sort(compareScalars);
}

function compareScalars(a: Scalar, b: Scalar): number {
  const left = `${typeof a}:${a}`;
  const right = `${typeof b}:${b}`;
  return left < right ? -1 : left > right ? 1 : 0;
}

function resolved(value: unknown, by: Side): FieldDecision {
  return { kind: 'resolved', value, by };
}

function plainConflict(sides: FieldSides, later: 'mine' | 'theirs'): FieldDecision {
  const suggested = later === 'mine' ? sides.mine : sides.theirs;
  return {
    kind: 'conflict',
    suggested,
    suggestedBy: later,
    ifMine: sides.mine,
    ifTheirs: sides.theirs,
    jsonConflicts: [],
  };
}
