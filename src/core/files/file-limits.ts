import { rulesFor } from '../entity-rules.ts';
import { isSyncedTableName } from '../synced-tables.ts';
import { fileOwnerTables, noFiles, type FileLimits } from './file-limit-presets.ts';

export type FileOwnerTable = string;

export function isFileOwnerTable(table: string): boolean {
  return fileOwnerTables.includes(table);
}

/**
 * The limits of files attached to a row of `ownerTable`: the entity rules' `fileLimits` of that
 * table, the one place they are written. A table files cannot belong to accepts nothing.
 */
export function fileLimitsFor(ownerTable: string): FileLimits {
  if (!isSyncedTableName(ownerTable)) return noFiles;
  return rulesFor(ownerTable).fileLimits ?? noFiles;
}

/** `image/JPEG; q=1` → `image/jpeg`: what type checks and Storage compare. */
export function baseContentType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

export function typeAllowed(limits: FileLimits, contentType: string): boolean {
  const type = baseContentType(contentType);
  return limits.allowedTypes.some((pattern) =>
    pattern.endsWith('/*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern,
  );
}

const typesByExtension: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  heic: 'image/heic',
  gif: 'image/gif',
  txt: 'text/plain',
  dcm: 'application/dicom',
  mp4: 'video/mp4',
  webm: 'video/webm',
};

/**
 * The type to store: the one the browser declared, or (browsers leave it empty for unknown
 * extensions, and camera apps sometimes send octet-stream) the one the extension names.
 */
export function contentTypeOf(name: string, declared: string): string {
  const type = baseContentType(declared);
  if (type !== '' && type !== 'application/octet-stream') return type;
  const extension = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  return typesByExtension[extension] ?? 'application/octet-stream';
}
