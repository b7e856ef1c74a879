import type { EntityRules } from './entity-rules.ts';
import type { RowValues } from './protocol/synced-row.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Until when (epoch ms, server time) a deleted row may be restored: `deleted_at` plus the
 * entity's restore window. Null for a live row or an unreadable `deleted_at`. The server has the
 * final word (`restore_window_expired`); the client uses this to offer "restore" only while it can
 * still work, and to refuse an undelete that would only come back rejected.
 */
export function restoreDeadline(row: RowValues, rules: EntityRules): number | null {
  const deletedAt = row['deleted_at'];
  if (typeof deletedAt !== 'string') return null;
  const time = Date.parse(deletedAt);
  return Number.isNaN(time) ? null : time + rules.restoreWindowDays * DAY_MS;
}

/** True while a deleted row can be restored, at `serverNow` (client clock + skew offset). */
export function canRestore(row: RowValues, rules: EntityRules, serverNow: number): boolean {
  const deadline = restoreDeadline(row, rules);
  return deadline !== null && serverNow <= deadline;
}
