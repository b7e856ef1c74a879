import { SignJWT, jwtVerify, errors, type JWTPayload } from 'jose';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createVerifiedTokenCache } from './verified-token-cache.ts';

/**
 * The project's HS256 signing secret and the two API keys derived from it.
 *
 * Invariants: the secret is generated once per data dir and kept there (`jwt-secret`, mode 0600),
 * so tokens and keys survive a restart; the anon and service-role keys are deterministic for a
 * secret (fixed iat/exp), so `local-supabase.json` and an app's saved config stay valid.
 */
export interface JwtKeys {
  readonly anonKey: string;
  readonly serviceRoleKey: string;
  sign(claims: JWTPayload, expiresInSeconds: number): Promise<string>;
  /** Checks signature and expiry; `clockToleranceSeconds` defaults to PostgREST's 30 s of skew. */
  verify(token: string, options?: { clockToleranceSeconds?: number }): Promise<VerifiedToken>;
}

export type VerifiedToken =
  | { readonly kind: 'valid'; readonly claims: JWTPayload }
  | { readonly kind: 'expired'; readonly message: string }
  | { readonly kind: 'invalid'; readonly message: string };

const SECRET_FILE = 'jwt-secret';
// 2026-01-01 to 2036-01-01: the same window as the keys `supabase start` prints, fixed so keys never change.
const KEY_ISSUED_AT = 1_767_225_600;
const KEY_EXPIRES_AT = 2_082_758_400;
/** Accepted clock skew, as PostgREST allows. */
const CLOCK_TOLERANCE_SECONDS = 30;

export async function loadJwtSecret(dataDir: string): Promise<Uint8Array> {
  const path = join(dataDir, SECRET_FILE);
  try {
    return new TextEncoder().encode((await readFile(path, 'utf8')).trim());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  await writeFile(path, `${secret}\n`, { mode: 0o600, flag: 'wx' }).catch(
    async (error: NodeJS.ErrnoException) => {
      // Another process created it first: use theirs.
      if (error.code !== 'EEXIST') throw error;
    },
  );
  return new TextEncoder().encode((await readFile(path, 'utf8')).trim());
}

export async function createJwtKeys(secret: Uint8Array): Promise<JwtKeys> {
  const signRaw = (claims: JWTPayload) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(secret);
  // Imported once: handing jose the raw bytes would import a key on every check.
  const verifyKey = await crypto.subtle.importKey(
    'raw',
    new Uint8Array(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  const verified = createVerifiedTokenCache();
  const apiKey = (role: string) =>
    signRaw({ iss: 'supabase-local', role, iat: KEY_ISSUED_AT, exp: KEY_EXPIRES_AT });
  return {
    anonKey: await apiKey('anon'),
    serviceRoleKey: await apiKey('service_role'),
    sign(claims, expiresInSeconds) {
      const now = Math.floor(Date.now() / 1000);
      return signRaw({ iat: now, ...claims, exp: now + expiresInSeconds });
    },
    async verify(token, options = {}) {
      const clockTolerance = options.clockToleranceSeconds ?? CLOCK_TOLERANCE_SECONDS;
      const cached = verified.get(token, Math.floor(Date.now() / 1000), clockTolerance);
      if (cached.kind === 'valid') return { kind: 'valid', claims: cached.claims };
      if (cached.kind === 'expired') return { kind: 'expired', message: 'JWT expired' };
      try {
        const { payload } = await jwtVerify(token, verifyKey, { algorithms: ['HS256'], clockTolerance });
        verified.remember(token, payload);
        return { kind: 'valid', claims: payload };
      } catch (error) {
        if (error instanceof errors.JWTExpired) return { kind: 'expired', message: 'JWT expired' };
        return { kind: 'invalid', message: error instanceof Error ? error.message : 'Invalid JWT' };
      }
    },
  };
}
