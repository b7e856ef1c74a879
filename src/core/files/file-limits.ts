import { clinicTable } from '../schema/clinic-tables.ts';

/** The tables a file may belong to, as the `files.owner_table` check lists them. */
export const fileOwnerTables: readonly string[] =
  clinicTable('files').columns.find((column) => column.name === 'owner_table')?.values ?? [];

export type FileOwnerTable = string;

export function isFileOwnerTable(table: string): boolean {
  return fileOwnerTables.includes(table);
}

/**
 * What an owner accepts. `maxBytes` never exceeds the `clinic-files` bucket's own limit
 * (50 MiB, supabase/config.toml), so a file the client accepts is one Storage accepts too.
 * Types are exact (`application/pdf`) or a family (`image/*`).
 */
export interface FileLimits {
  readonly maxBytes: number;
  readonly allowedTypes: readonly string[];
}

export const bucketMaxBytes = 50 * 1024 * 1024;

const documents = ['application/pdf', 'image/*', 'text/plain'];
// Exams arrive as DICOM from imaging devices and as short videos (ultrasound loops).
const clinical = [...documents, 'application/dicom', 'video/mp4', 'video/webm'];

const limitsByOwner: Readonly<Record<string, FileLimits>> = {
  encounters: { maxBytes: bucketMaxBytes, allowedTypes: clinical },
  studies: { maxBytes: bucketMaxBytes, allowedTypes: clinical },
  referrals: { maxBytes: 20 * 1024 * 1024, allowedTypes: documents },
  prescriptions: { maxBytes: 20 * 1024 * 1024, allowedTypes: documents },
  // Receipts and fiscal documents: paper scans, never media.
  invoices: { maxBytes: 10 * 1024 * 1024, allowedTypes: ['application/pdf', 'image/*'] },
  payments: { maxBytes: 10 * 1024 * 1024, allowedTypes: ['application/pdf', 'image/*'] },
  cash_closures: { maxBytes: 10 * 1024 * 1024, allowedTypes: ['application/pdf', 'image/*'] },
};

const defaultLimits: FileLimits = { maxBytes: 25 * 1024 * 1024, allowedTypes: documents };

export function fileLimitsFor(ownerTable: string): FileLimits {
  return limitsByOwner[ownerTable] ?? defaultLimits;
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
