import { z } from 'zod';
import { isSyncedTableName, type SyncedTableName } from '../synced-tables.ts';
import { parseWith, protocolError, type Parsed } from './protocol-error.ts';
import { revSchema, syncedRowSchema } from './synced-row.ts';

/** One changed row of `sync_pull` (DESIGN §3.2). Tombstones arrive with `deleted_at` set. */
export const pulledChangeSchema = z.object({
  table: z.string(),
  row: syncedRowSchema,
});

/** The answer of `sync_pull(since, max_rows, known_horizon)`. */
export const pullResponseSchema = z.object({
  changes: z.array(pulledChangeSchema),
  cursor: revSchema,
  has_more: z.boolean(),
  reset: z.boolean(),
  /**
   * The purge horizon read in the answer's snapshot (0 when nothing was purged). Servers from
   * before this field leave it out; the client then keeps sending no known horizon.
   */
  purge_horizon: revSchema.optional(),
  /**
   * When the oldest transaction still open on the server began, if one holds back the rows this
   * pull may return (rows committed after it wait until it ends, never skipped): `server-hold.ts`.
   * Null when none does; servers from before this field leave it out.
   */
  held_since: z
    .string()
    .refine((text) => !Number.isNaN(Date.parse(text)), 'expected a timestamp')
    .nullable()
    .optional(),
  server_time: z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'expected a timestamp'),
});

export type PullResponse = z.output<typeof pullResponseSchema>;

export type PulledChange = z.output<typeof pulledChangeSchema> & { readonly table: SyncedTableName };

/** A pull answer that passed every check: its changes name only synced tables. */
export type ValidPullResponse = Omit<PullResponse, 'changes'> & { readonly changes: readonly PulledChange[] };

/**
 * Parses and checks a `sync_pull` answer for a request made with `since`. Besides the shape:
 * - every change names a synced table (`unknown_table`);
 * - revs are above `since` and never go down, and the cursor is not below `since` nor below the
 *   last change (`rev_regressed`): a server going backwards would make the client skip rows.
 * Several rows may share one rev (one writing transaction, one rev), so equal revs are accepted.
 * A `reset` answer is checked as if `since` were 0: the client is told to start over.
 */
export function parsePullResponse(raw: unknown, since: number): Parsed<ValidPullResponse> {
  const parsed = parseWith(pullResponseSchema, raw, 'sync_pull');
  if (!parsed.ok) return parsed;
  const response = parsed.value;
  const floor = response.reset ? 0 : since;
  if (response.cursor < floor) {
    return fail('rev_regressed', `cursor ${response.cursor} is below since ${floor}`);
  }
  let previous = floor;
  for (const [index, change] of response.changes.entries()) {
    if (!isSyncedTableName(change.table)) {
      return fail('unknown_table', `changes.${index}: table "${change.table}" is not synced`);
    }
    if (change.row.rev <= floor || change.row.rev < previous) {
      return fail(
        'rev_regressed',
        `changes.${index}: rev ${change.row.rev} after rev ${previous} (since ${floor})`,
      );
    }
    previous = change.row.rev;
  }
  if (response.cursor < previous) {
    return fail('rev_regressed', `cursor ${response.cursor} is below the last change's rev ${previous}`);
  }
  return { ok: true, value: response as ValidPullResponse };
}

function fail(code: 'unknown_table' | 'rev_regressed', message: string): Parsed<never> {
  return { ok: false, error: protocolError(code, `sync_pull: ${message}`) };
}
