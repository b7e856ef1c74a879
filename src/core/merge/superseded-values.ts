import { policyFor, type EntityRules, type FieldPolicy } from '../entity-rules.ts';
import { isServerOwnedColumn, type RowValues, type SyncedRow } from '../protocol/synced-row.ts';
import type { SyncedTableName } from '../synced-tables.ts';
import { isPlainObject, jsonEqual } from './json-equal.ts';
import type { ConflictOutcome } from './reconcile-conflict.ts';

/** Why a typed value was replaced: the column's policy decided, or a person chose. */
export type SupersededReason = FieldPolicy | 'choice';

/**
 * A value someone typed that a settlement replaced. Kept (audit log and the row's history) so
 * nothing a person typed disappears without a trace, and so it can be brought back.
 */
export interface SupersededValue {
  readonly table: SyncedTableName;
  readonly rowId: string;
  readonly column: string;
  /** For a sectioned JSON column (the medical record), the section; null for a whole column. */
  readonly section: string | null;
  readonly value: unknown;
  /** Whose value it was: this device's edit, or the server row's. */
  readonly side: 'mine' | 'theirs';
  /** For `theirs`, the server row's `last_editor` (`<user id>/<client id>`); null for this device. */
  readonly typedBy: string | null;
  /** When it was typed: the edit's time (`mine`) or the server row's `updated_at` (`theirs`). */
  readonly typedAt: string | null;
  /** What the row holds instead. */
  readonly replacedWith: unknown;
  readonly reason: SupersededReason;
}

/** The edit that was settled (an outbox entry or a conflict record with its entry's time). */
export interface SettledEdit {
  readonly table: SyncedTableName;
  readonly rowId: string;
  readonly data: RowValues;
  readonly base: RowValues;
  readonly at: string;
}

/**
 * The typed values a conflict outcome replaces. For each column this client changed, the row ends
 * with the outcome's value (a resend, and its follow-up, write over the server row) or the server
 * row's (settled). A side's value is superseded when that side had typed it (it differs from the
 * base both saw) and the row does not end with it.
 *
 * Merges that keep both sides lose nothing and record nothing: counters and sets under `merge`
 * (both changes apply), and sectioned JSON compared section by section. A manual outcome replaces
 * nothing yet: the conflict record holds all three versions until a person decides, and that
 * decision (its `chosen` columns) is examined the same way.
 */
export function supersededValues(
  edit: SettledEdit,
  theirs: SyncedRow,
  outcome: ConflictOutcome,
  rules: EntityRules,
  /** The columns a person decided (a conflict's fields); every other column went by its policy. */
  chosen: readonly string[] = [],
): SupersededValue[] {
  if (outcome.kind === 'manual') return [];
  const over: RowValues =
    outcome.kind === 'resend' ? { ...outcome.mutation.data, ...(outcome.followUp?.data ?? {}) } : {};
  return Object.keys(edit.data)
    .sort()
    .flatMap((column) => {
      if (column === 'id' || isServerOwnedColumn(column)) return [];
      const policy = policyFor(rules, column);
      const byChoice = chosen.includes(column);
      const sides: Sides = {
        base: edit.base[column],
        mine: edit.data[column],
        theirs: theirs[column],
        final: column in over ? over[column] : theirs[column],
      };
      const lost = rules.jsonSections.includes(column)
        ? sectionLosses(sides)
        : !byChoice && policy === 'merge'
          ? []
          : losses(sides, null);
      return lost.map((loss): SupersededValue => ({
        table: edit.table,
        rowId: edit.rowId,
        column,
        section: loss.section,
        value: loss.value,
        side: loss.side,
        typedBy: loss.side === 'mine' ? null : textOf(theirs['last_editor']),
        typedAt: loss.side === 'mine' ? edit.at : textOf(theirs['updated_at']),
        replacedWith: loss.final ?? null,
        reason: byChoice ? 'choice' : policy,
      }));
    });
}

/** One column (or section) seen by both sides, and what the row ends with. */
interface Sides {
  readonly base: unknown;
  readonly mine: unknown;
  readonly theirs: unknown;
  readonly final: unknown;
}

interface Loss {
  readonly section: string | null;
  readonly side: 'mine' | 'theirs';
  readonly value: unknown;
  readonly final: unknown;
}

/**
 * The sides that typed a value (other than the base) that the row no longer holds. An emptied
 * field (null) is no typed text: losing it is not recorded.
 */
function losses(sides: Sides, section: string | null): Loss[] {
  const { base, mine, theirs, final } = sides;
  const lost: Loss[] = [];
  if (isTyped(mine) && !jsonEqual(mine, base) && !jsonEqual(mine, final))
    lost.push({ section, side: 'mine', value: mine, final });
  if (isTyped(theirs) && !jsonEqual(theirs, base) && !jsonEqual(theirs, final) && !jsonEqual(theirs, mine))
    lost.push({ section, side: 'theirs', value: theirs, final });
  return lost;
}

/** Sectioned JSON, section by section: a section only one side changed is no loss. */
function sectionLosses(sides: Sides): Loss[] {
  const pick = (value: unknown): Record<string, unknown> => (isPlainObject(value) ? value : {});
  const [base, mine, theirs, final] = [sides.base, sides.mine, sides.theirs, sides.final].map(pick) as [
    Record<string, unknown>,
    Record<string, unknown>,
    Record<string, unknown>,
    Record<string, unknown>,
  ];
  return [...new Set([...Object.keys(mine), ...Object.keys(theirs)])]
    .sort()
    .flatMap((key) =>
      losses({ base: base[key], mine: mine[key], theirs: theirs[key], final: final[key] }, key),
    );
}

function isTyped(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

function textOf(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
