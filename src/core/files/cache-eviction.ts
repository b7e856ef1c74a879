/** A cached file as the downloads cache records it. */
export interface CachedEntry {
  readonly sha256: string;
  readonly size: number;
  /** Epoch ms of the last open (or of the download). */
  readonly lastUsedAt: number;
  /** Captured on this device and not yet uploaded: the only copy, never evicted. */
  readonly pinned: boolean;
}

export interface EvictionPlan {
  /** Least recently used first. */
  readonly evict: readonly string[];
  /** Bytes kept after evicting, including `incomingBytes`. */
  readonly keptBytes: number;
  /** False when even evicting every unpinned entry cannot make room under the quota. */
  readonly fits: boolean;
}

/**
 * Least-recently-used eviction under a byte quota: evicts the oldest unpinned entries until the
 * cache plus `incomingBytes` fits. Ties on `lastUsedAt` break by hash so the plan is the same on
 * every run. Pinned entries (bytes that exist nowhere else yet) are never chosen: losing them
 * would lose the file, so they may push the cache over its quota until they are uploaded.
 */
export function planEviction(
  entries: readonly CachedEntry[],
  quotaBytes: number,
  incomingBytes = 0,
): EvictionPlan {
  let total = incomingBytes + entries.reduce((sum, entry) => sum + entry.size, 0);
  const candidates = entries
    .filter((entry) => !entry.pinned)
    .sort((a, b) => a.lastUsedAt - b.lastUsedAt || (a.sha256 < b.sha256 ? -1 : a.sha256 > b.sha256 ? 1 : 0));
  const evict: string[] = [];
  for (const entry of candidates) {
    if (total <= quotaBytes) break;
    evict.push(entry.sha256);
    total -= entry.size;
  }
  return { evict, keptBytes: total, fits: total <= quotaBytes };
}
