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

/**
 * Longest a signed URL may live: 7 days, the cap S3 puts on presigned URLs. A link that works
 * for longer is a standing grant to anyone it reaches; shorter ones are re-signed when needed.
 */
export const MAX_SIGNED_URL_SECONDS = 7 * 24 * 60 * 60;

export function validExpiry(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_SIGNED_URL_SECONDS)
    throw storageErrors.invalidRequest(
      `expiresIn must be a whole number of seconds from 1 to ${MAX_SIGNED_URL_SECONDS} (7 days)`,
    );
  return value;
}
