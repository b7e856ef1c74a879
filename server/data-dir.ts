import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** The data directory cannot be created or written; the message says which folder and why, for a person. */
export class DataDirError extends Error {
  override readonly name = 'DataDirError';
}

/**
 * Makes sure the server's data directory (embedded database, stored files, JWT secret) exists,
 * with its parents, and can be written, before anything opens a file in it. A new folder is
 * private to its owner (0700): it holds patient data and the signing secret.
 */
export async function prepareDataDir(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true, mode: 0o700 });
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    const reason =
      code === 'ENOTDIR' || code === 'EEXIST'
        ? `${(await fileInTheWay(path)) ?? 'a file'} is a file, not a folder`
        : reasonOf(error);
    throw new DataDirError(`Cannot create the data directory ${path}: ${reason}.`);
  }
  const probe = join(path, `.write-check-${process.pid}`);
  try {
    await writeFile(probe, '');
  } catch (error) {
    throw new DataDirError(`Cannot write to the data directory ${path}: ${reasonOf(error)}.`);
  }
  await rm(probe, { force: true });
}

function reasonOf(error: unknown): string {
  const { code, path } = error as NodeJS.ErrnoException;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `permission denied${path ? ` on ${path}` : ''}`;
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** The nearest existing part of `path` that is not a folder, if any. */
async function fileInTheWay(path: string): Promise<string | undefined> {
  for (let current = path; ; current = dirname(current)) {
    const info = await stat(current).catch(() => undefined);
    if (info) return info.isDirectory() ? undefined : current;
    if (dirname(current) === current) return undefined;
  }
}
