import type { JwtKeys } from '../auth/jwt-keys.ts';
import { storageErrors } from './storage-error.ts';

/**
 * Signed download URLs: a JWT `{url: "<bucket>/<key>"}` with an expiry, signed with the project
 * secret, as Storage issues them. The path in `signedURL` is the decoded key: the client
 * `encodeURI`s it once more.
 */
export async function signObjectUrl(
  keys: JwtKeys,
  bucket: string,
  key: string,
  expiresIn: number,
): Promise<string> {
  const token = await keys.sign({ url: `${bucket}/${key}` }, expiresIn);
  return `/object/sign/${bucket}/${key}?token=${token}`;
}

export async function verifySignedUrl(
  keys: JwtKeys,
  token: string | null,
  bucket: string,
  key: string,
): Promise<void> {
  if (!token) throw storageErrors.invalidJwt('Missing token');
  // A signed URL lives exactly as long as it was signed for: no clock-skew allowance.
  const verified = await keys.verify(token, { clockToleranceSeconds: 0 });
  if (verified.kind === 'expired') throw storageErrors.expiredToken();
  if (verified.kind === 'invalid') throw storageErrors.invalidJwt(verified.message);
  if (verified.claims['url'] !== `${bucket}/${key}`) throw storageErrors.invalidSignature();
}

export function validExpiry(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    throw storageErrors.invalidRequest('expiresIn must be a positive integer (seconds)');
  return value;
}
