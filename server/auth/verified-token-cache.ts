import type { JWTPayload } from 'jose';

/**
 * Claims of tokens whose signature was already checked, as PostgREST keeps them (its JWT cache):
 * every request of a session carries the same token, and checking an HMAC per request is work
 * repeated for nothing. A signature never changes, so a cached entry stays right; expiry and
 * not-before are checked again on every use against the clock. Oldest entries go first past
 * `capacity`.
 */
export interface VerifiedTokenCache {
  /** The cached claims if `token` was verified before and is within its time window now. */
  get(token: string, nowSeconds: number, toleranceSeconds: number): CachedClaims;
  remember(token: string, claims: JWTPayload): void;
}

export type CachedClaims =
  | { readonly kind: 'miss' }
  | { readonly kind: 'expired' }
  | { readonly kind: 'valid'; readonly claims: JWTPayload };

export function createVerifiedTokenCache(capacity = 1000): VerifiedTokenCache {
  const entries = new Map<string, JWTPayload>();
  return {
    get(token, nowSeconds, toleranceSeconds) {
      const claims = entries.get(token);
      if (claims === undefined) return { kind: 'miss' };
      if (typeof claims.exp === 'number' && nowSeconds - toleranceSeconds >= claims.exp) {
        entries.delete(token);
        return { kind: 'expired' };
      }
      // Not yet valid: let the full check say so.
      if (typeof claims.nbf === 'number' && nowSeconds + toleranceSeconds < claims.nbf)
        return { kind: 'miss' };
      return { kind: 'valid', claims };
    },
    remember(token, claims) {
      entries.delete(token);
      entries.set(token, claims);
      if (entries.size > capacity) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
    },
  };
}
