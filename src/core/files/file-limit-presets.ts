import { clinicTable } from '../schema/clinic-tables.ts';

/** The tables a file may belong to, as the `files.owner_table` check lists them. */
export const fileOwnerTables: readonly string[] =
  clinicTable('files').columns.find((column) => column.name === 'owner_table')?.values ?? [];

/**
 * What an owner accepts. `maxBytes` never exceeds the `clinic-files` bucket's own limit
 * (50 MiB, supabase/config.toml), so a file the client accepts is one Storage accepts too.
 * Types are exact (`application/pdf`) or a family (`image/*`).
 *
 * The limits themselves live with each owner table's entity rules (`entity-rules.ts`,
 * `fileLimits`); this file holds only what those rules are built from, so the rules registry and
 * the file checks (`file-limits.ts`) can both import it without importing each other.
 */
export interface FileLimits {
  readonly maxBytes: number;
  readonly allowedTypes: readonly string[];
}

export const bucketMaxBytes = 50 * 1024 * 1024;

/**
 * The image kinds cameras and scanners make. Listed one by one rather than `image/*`: an SVG is
 * an "image" that carries scripts, and the server refuses it in every bucket.
 */
export const rasterImageTypes: readonly string[] = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/heic',
  'image/heif',
  'image/bmp',
  'image/tiff',
];

/** Scans, photos of documents and typed notes: what any record may hold. */
export const documentTypes: readonly string[] = ['application/pdf', ...rasterImageTypes, 'text/plain'];

/** Exams arrive as DICOM from imaging devices and as short videos (ultrasound loops). */
export const clinicalTypes: readonly string[] = [
  ...documentTypes,
  'application/dicom',
  'video/mp4',
  'video/webm',
];

/** Receipts and fiscal documents: paper scans, never media or loose text. */
export const paperTypes: readonly string[] = ['application/pdf', ...rasterImageTypes];

/** The limits of an owner table whose rules set none. */
export const defaultFileLimits: FileLimits = { maxBytes: 25 * 1024 * 1024, allowedTypes: documentTypes };

/** What a table that holds no files accepts: nothing. */
export const noFiles: FileLimits = { maxBytes: 0, allowedTypes: [] };
