import { fileRowIdFromDigest, fileRowIdSeed } from '../../core/files/object-path.ts';

/** Hex SHA-256 with Web Crypto (browser, worker and Node 20 alike). */
export async function sha256Hex(bytes: ArrayBuffer | Uint8Array<ArrayBuffer> | string): Promise<string> {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  const digest = await crypto.subtle.digest('SHA-256', data);
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The deterministic `files` row id of an object key (see `fileRowIdFromDigest`). */
export async function fileRowIdFor(bucket: string, path: string): Promise<string> {
  return fileRowIdFromDigest(await sha256Hex(fileRowIdSeed(bucket, path)));
}
