import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { storageErrors } from './storage-error.ts';

/** Bytes received into a temporary file, not yet attached to any object version. */
export interface StagedFile {
  readonly path: string;
  readonly size: number;
  readonly md5: string;
}

/**
 * Object bytes on disk, one file per object *version* (`objects/<version>`), never per name, so
 * renames are metadata-only and no client-chosen name ever becomes a path.
 *
 * Invariant (upload): bytes are staged, then placed under their new version before the metadata
 * row commits; if the commit fails the file is removed. A committed row therefore always has its
 * bytes; a crash in between leaves at most an unreferenced file.
 */
export class ObjectFiles {
  readonly #objects: string;
  readonly #staging: string;

  constructor(root: string) {
    this.#objects = join(root, 'objects');
    this.#staging = join(root, 'staging');
  }

  async init(): Promise<void> {
    await mkdir(this.#objects, { recursive: true });
    await rm(this.#staging, { recursive: true, force: true });
    await mkdir(this.#staging, { recursive: true });
  }

  pathOf(version: string): string {
    return join(this.#objects, version);
  }

  /** Streams `source` to a staging file; more than `limit` bytes aborts with EntityTooLarge. */
  async stage(source: Readable, limit: number): Promise<StagedFile> {
    const path = join(this.#staging, randomUUID());
    const hash = createHash('md5');
    let size = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > limit) return done(storageErrors.entityTooLarge());
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, counter, createWriteStream(path));
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }
    return { path, size, md5: hash.digest('hex') };
  }

  async place(staged: StagedFile, version: string): Promise<void> {
    await rename(staged.path, this.pathOf(version));
  }

  async copy(fromVersion: string, toVersion: string): Promise<void> {
    await copyFile(this.pathOf(fromVersion), this.pathOf(toVersion));
  }

  async discard(pathOrVersion: string): Promise<void> {
    await rm(pathOrVersion.includes('/') ? pathOrVersion : this.pathOf(pathOrVersion), { force: true });
  }
}
