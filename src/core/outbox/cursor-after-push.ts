import type { MutationResult } from '../protocol/push.ts';

/**
 * The pull cursor a push answer lets the client take without pulling its own writes back, or
 * `cursor` unchanged.
 *
 * Why it holds (DESIGN §3.1, docs/decisions.md): revs are unique across all tables, and the
 * cursor's invariant is that every row version with a rev at or below it that is or will ever be
 * visible has been stored. If the rows this push applied carry exactly the revs cursor+1 …
 * cursor+n, with none missing, then every rev in that range belongs to one of them: it was issued
 * by this push's transaction to one of its answered rows, and a rev is issued once. No other
 * writer, no trigger's side write, no other attempt holds a rev there (any of those would leave a
 * gap). The answer holds those rows whole and committed, as a pull would deliver them; storing
 * them and moving the cursor to cursor+n keeps the invariant. Any gap, a missing row, or a first
 * rev other than cursor+1 keeps the cursor: the next pull brings the rest.
 *
 * This needs no "one writer at a time": it rests on uniqueness alone. With revs taken from
 * transaction-id ranges, a push's revs follow the cursor directly when its transaction is the
 * first one after the pull that set the cursor (a pull's last page ends at the settled mark, the
 * start of the next transaction's range) — the usual case for an edit on a quiet server. When
 * other transactions came between, the device pulls its own writes back, which costs bytes, never
 * a row.
 *
 * The cursor never moves to a rev the server did not issue: cursor+n is the last applied rev.
 */
export function cursorAfterPush(cursor: number, results: readonly MutationResult[]): number {
  const revs: number[] = [];
  for (const result of results) {
    if (result.status !== 'applied') continue;
    if (result.row === null || result.row.rev !== result.rev) return cursor;
    revs.push(result.rev);
  }
  if (revs.length === 0) return cursor;
  revs.sort((a, b) => a - b);
  for (const [i, rev] of revs.entries()) if (rev !== cursor + 1 + i) return cursor;
  return cursor + revs.length;
}
