import type { IncomingHttpHeaders } from 'node:http';
import type { JWTPayload } from 'jose';
import type { JwtKeys } from './jwt-keys.ts';

/**
 * Who a request runs as. `claims.role` is the database role the request switches to; the claims
 * themselves become `request.jwt.claims`, which `auth.uid()`, `auth.role()` and RLS read.
 */
export interface RequestIdentity {
  readonly role: string;
  readonly claims: JWTPayload;
  readonly token: string | undefined;
}

export type IdentityResult =
  | { readonly kind: 'identity'; readonly identity: RequestIdentity }
  | { readonly kind: 'expired'; readonly message: string }
  | { readonly kind: 'invalid'; readonly message: string };

/** Roles a token may name. Anything else would let a forged-but-signed token pick a superuser. */
const REQUEST_ROLES = new Set(['anon', 'authenticated', 'service_role']);

export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const value = headers.authorization;
  if (!value) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
  return match?.[1];
}

/**
 * PostgREST's rule: the bearer token (or, without one, the apikey header) is verified; a valid
 * token's `role` claim picks the role; no token at all means `anon`. The gateway in front of
 * Supabase rejects requests without an apikey, so a request with neither gets role anon with
 * no claims beyond the role, and RLS keeps it out of every table.
 */
export async function identifyRequest(headers: IncomingHttpHeaders, keys: JwtKeys): Promise<IdentityResult> {
  const apikey = typeof headers.apikey === 'string' ? headers.apikey : undefined;
  const token = bearerToken(headers) ?? apikey;
  if (token === undefined)
    return { kind: 'identity', identity: { role: 'anon', claims: { role: 'anon' }, token } };
  return identifyToken(token, keys);
}

export async function identifyToken(token: string, keys: JwtKeys): Promise<IdentityResult> {
  const verified = await keys.verify(token);
  if (verified.kind !== 'valid') return verified;
  const role = typeof verified.claims['role'] === 'string' ? verified.claims['role'] : 'anon';
  if (!REQUEST_ROLES.has(role)) return { kind: 'invalid', message: `role "${role}" does not exist` };
  return { kind: 'identity', identity: { role, claims: { ...verified.claims, role }, token } };
}

/** Whether a user token's session still stands (AuthSessions.isLive). */
export interface SessionGuard {
  isLive(sessionId: string, userId: string): Promise<boolean>;
}

/**
 * Verifies tokens for every service (REST, Storage, Realtime): the signature and expiry, then,
 * for a user's token, that its session (`session_id`) has not ended and its user is not banned.
 * So sign-out, a revoked token family, a password change elsewhere, a deletion or a ban refuse
 * the token on the next request, as GoTrue's own endpoints do, rather than when it expires.
 * API keys and signed-URL tokens carry no user and need no session.
 */
export interface Authenticator {
  readonly keys: JwtKeys;
  identifyToken(token: string): Promise<IdentityResult>;
  identifyRequest(headers: IncomingHttpHeaders): Promise<IdentityResult>;
}

export function createAuthenticator(keys: JwtKeys, sessions: SessionGuard): Authenticator {
  const identify = async (token: string): Promise<IdentityResult> => {
    const result = await identifyToken(token, keys);
    if (result.kind !== 'identity' || result.identity.role !== 'authenticated') return result;
    const { session_id: sessionId, sub } = result.identity.claims as { session_id?: unknown; sub?: unknown };
    const live =
      typeof sessionId === 'string' && typeof sub === 'string' && (await sessions.isLive(sessionId, sub));
    if (!live)
      return {
        kind: 'invalid',
        message: 'session_not_found: the session of this token has ended (signed out, revoked or removed)',
      };
    return result;
  };
  return {
    keys,
    identifyToken: identify,
    async identifyRequest(headers) {
      const apikey = typeof headers.apikey === 'string' ? headers.apikey : undefined;
      const token = bearerToken(headers) ?? apikey;
      if (token === undefined)
        return { kind: 'identity', identity: { role: 'anon', claims: { role: 'anon' }, token } };
      return identify(token);
    },
  };
}
