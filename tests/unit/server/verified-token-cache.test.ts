import { describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { createVerifiedTokenCache } from '../../../server/auth/verified-token-cache.ts';
import { createJwtKeys } from '../../../server/auth/jwt-keys.ts';

describe('verified token cache', () => {
  it('answers a remembered token until its expiry (with the tolerance), then says expired', () => {
    const cache = createVerifiedTokenCache();
    cache.remember('t', { sub: 'u', exp: 1000 });
    expect(cache.get('t', 990, 0)).toEqual({ kind: 'valid', claims: { sub: 'u', exp: 1000 } });
    expect(cache.get('t', 1020, 30)).toMatchObject({ kind: 'valid' });
    expect(cache.get('t', 1030, 30)).toEqual({ kind: 'expired' });
    expect(cache.get('t', 990, 0)).toEqual({ kind: 'miss' });
  });

  it('leaves a token not yet valid to the full check, and forgets the oldest past capacity', () => {
    const cache = createVerifiedTokenCache(2);
    cache.remember('early', { nbf: 500 });
    expect(cache.get('early', 400, 30)).toEqual({ kind: 'miss' });
    expect(cache.get('early', 480, 30)).toMatchObject({ kind: 'valid' });
    cache.remember('a', {});
    cache.remember('b', {});
    expect(cache.get('early', 600, 0)).toEqual({ kind: 'miss' });
    expect(cache.get('b', 600, 0)).toMatchObject({ kind: 'valid' });
  });
});

describe('jwt keys with the cache', () => {
  const secret = new TextEncoder().encode('a-test-secret-of-sufficient-length-0123456789');

  it('accepts the same token again and still refuses a forged or expired one', async () => {
    const keys = await createJwtKeys(secret);
    const token = await keys.sign({ sub: 'u', role: 'authenticated' }, 3600);
    expect(await keys.verify(token)).toMatchObject({ kind: 'valid', claims: { sub: 'u' } });
    expect(await keys.verify(token)).toMatchObject({ kind: 'valid', claims: { sub: 'u' } });
    const [head, body] = token.split('.');
    expect((await keys.verify(`${head}.${body}.forged`)).kind).toBe('invalid');
    const other = await new SignJWT({ sub: 'u' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('another-secret-entirely-0123456789abcdef'));
    expect((await keys.verify(other)).kind).toBe('invalid');
    const expired = await keys.sign({ sub: 'u' }, -120);
    expect((await keys.verify(expired)).kind).toBe('expired');
    expect((await keys.verify(expired)).kind).toBe('expired');
  });
});
