import type { MutationResult } from '../protocol/push.ts';

/**
 * The pull cursor a push answer lets the client take without pulling its own writes back, or
 * `cursor` unchanged.
 *
 * Why it holds: revs are unique across all tables and issued in commit order by one writer at a
 * time (DESIGN §3.1). If the rows this push applied carry exactly the revs cursor+1 … cursor+n,
 * with none missing, then every row version with a rev in that range is one of them: no other
 * writer, no trigger's side write, no rolled-back attempt took a rev there (any of those would
 * leave a gap). The answer holds those rows whole, as a pull would deliver them; storing them and
 * moving the cursor to cursor+n is what pulling (cursor, cursor+n] would have done. Any gap, a
 * missing row, or a first rev other than cursor+1 keeps the cursor: the next pull brings the rest.
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
