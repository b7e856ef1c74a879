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
