import type { ClinicDb } from '../local-db.ts';
import { deleteBlobs, type FileBlobDb } from './file-blob-store.ts';

/** Bytes younger than this may belong to a capture whose row is being written right now. */
const GRACE_MS = 60 * 60 * 1000;

/**
 * Removes pinned bytes that no `files` row names: what a crash between writing the bytes and
 * writing the row leaves behind (see capture-file.ts), or a capture refused after hashing.
 * Only pinned bytes older than an hour are candidates; unpinned bytes are the downloads cache and
 * leave by eviction. Returns how many were removed.
 */
export async function collectOrphanBlobs(
  db: ClinicDb,
  blobs: FileBlobDb,
  now: number = Date.now(),
): Promise<number> {
  const pinned = await blobs.blob_info
    .filter((info) => info.pinned && now - info.storedAt > GRACE_MS)
    .toArray();
  if (pinned.length === 0) return 0;
  const named = new Set<string>();
  await db.rows('files').each((row) => {
    if (typeof row['sha256'] === 'string') named.add(row['sha256']);
  });
  const orphans = pinned.filter((info) => !named.has(info.sha256)).map((info) => info.sha256);
  await deleteBlobs(blobs, orphans);
  return orphans.length;
}
