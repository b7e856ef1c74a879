import { storageErrors } from './storage-error.ts';

/**
 * Object names are S3-style keys: `/`-separated segments. Rejected: empty names or segments,
 * `.`/`..` segments (path traversal), a leading `/`, backslashes and control characters, and
 * names over 1024 bytes. Bytes on disk are stored by version id, never by name, so a bad name
 * could not escape the data dir anyway; rejecting it keeps the namespace what clients expect.
 */
export function validateObjectKey(key: string): string {
  const segments = key.split('/');
  const bad =
    key === '' ||
    Buffer.byteLength(key, 'utf8') > 1024 ||
    key.startsWith('/') ||
    key.includes('\\') ||
    [...key].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f) ||
    segments.some((segment) => segment === '' || segment === '.' || segment === '..');
  if (bad) throw storageErrors.invalidKey(key);
  return key;
}

/** Bucket ids as Storage accepts them: no `/`, at most 100 characters. */
export function validateBucketId(id: string): string {
  if (!/^[A-Za-z0-9_.\- !*'()&$@=;:+,?]{1,100}$/.test(id) || id === '.' || id === '..')
    throw storageErrors.invalidBucketName(id);
  return id;
}

/** Splits the decoded remainder of `/object/{bucket}/{path}`. */
export function splitBucketAndKey(rest: string): { bucket: string; key: string } {
  const slash = rest.indexOf('/');
  if (slash <= 0) throw storageErrors.invalidKey(rest);
  return { bucket: validateBucketId(rest.slice(0, slash)), key: validateObjectKey(rest.slice(slash + 1)) };
}

export function decodePath(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw storageErrors.invalidKey(raw);
  }
}
