import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openClinicDb, type ClinicDb } from '../../../src/engine/local-db.ts';
import { openFileBlobDb, putBlob, type FileBlobDb } from '../../../src/engine/files/file-blob-store.ts';
import { captureFile } from '../../../src/engine/files/capture-file.ts';
import { collectOrphanBlobs } from '../../../src/engine/files/orphan-blobs.ts';
import { sha256Hex } from '../../../src/engine/files/sha256-hex.ts';
import { scanBytes } from './support/file-device.ts';

const HOUR = 60 * 60 * 1000;
const ownerId = '0b7c2c1e-3f4a-4d5b-8c6d-7e8f9a0b1c2d';
let db: ClinicDb;
let blobs: FileBlobDb;

beforeEach(async () => {
  db = await openClinicDb(`orphans-${crypto.randomUUID()}`);
  blobs = await openFileBlobDb(`${db.name}-blobs`);
});
afterEach(async () => {
  db.close();
  blobs.close();
  await db.delete();
  await blobs.delete();
});

async function blobWithoutRow(seed: number, storedAt: number, pinned: boolean): Promise<string> {
  const bytes = scanBytes(500, seed);
  const sha256 = await sha256Hex(bytes);
  await putBlob(blobs, {
    sha256,
    bytes,
    size: 500,
    contentType: 'application/pdf',
    storedAt,
    lastUsedAt: storedAt,
    pinned,
  });
  return sha256;
}

describe('orphaned bytes (a crash between the bytes and the row)', () => {
  it('are collected after an hour; bytes a row names, recent captures and cache entries stay', async () => {
    const now = Date.now();
    const crashed = await blobWithoutRow(1, now - 2 * HOUR, true);
    const recent = await blobWithoutRow(2, now - 60_000, true);
    const cached = await blobWithoutRow(3, now - 2 * HOUR, false);
    const captured = await captureFile(
      { db, blobs, now: () => now - 2 * HOUR },
      {
        ownerTable: 'patients',
        ownerId,
        name: 'kept.pdf',
        contentType: 'application/pdf',
        bytes: scanBytes(700, 4),
      },
    );
    if (!captured.ok) throw new Error(JSON.stringify(captured.error));

    expect(await collectOrphanBlobs(db, blobs, now)).toBe(1);
    const left = new Set(await blobs.blob_info.toCollection().primaryKeys());
    expect(left.has(crashed)).toBe(false);
    expect(await blobs.blobs.get(crashed)).toBeUndefined();
    for (const kept of [recent, cached, captured.sha256]) expect(left.has(kept)).toBe(true);
    expect(await collectOrphanBlobs(db, blobs, now)).toBe(0);
  });
});
