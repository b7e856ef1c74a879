import type { FieldPolicy } from '../entity-rules.ts';
import type { MutationOp } from '../protocol/push.ts';
import type { RowValues, SyncedRow } from '../protocol/synced-row.ts';
import type { SyncedTableName } from '../synced-tables.ts';
import type { Side } from './field-merge.ts';
import type { JsonConflict } from './json-section-merge.ts';

/** A column the rules could not decide: the three versions and what the merge suggests. */
export interface ConflictField {
  readonly column: string;
  readonly policy: FieldPolicy;
  readonly base: unknown;
  readonly mine: unknown;
  readonly theirs: unknown;
  readonly suggested: unknown;
  readonly suggestedBy: Side;
  /** The column if the person keeps their side / the server's (see FieldDecision). */
  readonly ifMine: unknown;
  readonly ifTheirs: unknown;
  /** For sectioned JSON (the medical record): the section keys that collided. */
  readonly jsonConflicts: readonly JsonConflict[];
}

/**
 * What a person must decide. `fields`: both sides changed columns whose policy is `manual` (or a
 * `merge` that could not combine). `edit_vs_delete`: this client edited a row someone deleted.
 * Everything needed to show and decide is inside, so the record stands alone in the conflicts
 * store and in history.
 */
export interface ConflictRecord {
  readonly kind: 'fields' | 'edit_vs_delete';
  readonly table: SyncedTableName;
  readonly rowId: string;
  /** The outbox entry's `mid` when the conflict arose. */
  readonly mid: string;
  readonly op: MutationOp;
  readonly baseRev: number | null;
  /** The server rev the decision will be pushed against. */
  readonly theirsRev: number;
  /** This client's edit (the entry's data) and the values it was made on. */
  readonly mine: RowValues;
  readonly base: RowValues;
  /** The whole server row at the time of the conflict. */
  readonly theirs: SyncedRow;
  /** Columns the rules already decided, to apply whatever the person picks for `fields`. */
  readonly autoMerged: RowValues;
  readonly fields: readonly ConflictField[];
  /** What the conflict screen proposes: the later edit per column, sections merged. */
  readonly recommended: { readonly choice: 'mine' | 'theirs' | 'merged'; readonly values: RowValues };
}

/**
 * A person's decision: one side for every conflicting field (`autoMerged` applies either way), the
 * recommendation, or values they typed (on top of `autoMerged`).
 */
export type ConflictChoice = 'mine' | 'theirs' | 'recommended' | { readonly values: RowValues };
