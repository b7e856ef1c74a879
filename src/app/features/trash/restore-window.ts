import { rulesFor } from '../../../core/entity-rules.ts';
import type { SyncedTableName } from '../../../core/synced-tables.ts';

const dayMs = 86_400_000;

/**
 * Whether a deleted row can still be restored, and until when. The server enforces the same
 * window (`restore_window_expired`); the client only avoids offering what would be refused.
 */
export type RestoreWindow =
  | { readonly restorable: true; readonly until: number }
  | { readonly restorable: false; readonly since: number };

export function restoreWindow(table: SyncedTableName, deletedAt: string, now: number): RestoreWindow {
  const until = Date.parse(deletedAt) + rulesFor(table).restoreWindowDays * dayMs;
  return now < until ? { restorable: true, until } : { restorable: false, since: until };
}
