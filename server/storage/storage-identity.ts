import type { IncomingMessage } from 'node:http';
import { bearerToken, type Authenticator, type RequestIdentity } from '../auth/request-auth.ts';
import { storageErrors } from './storage-error.ts';

const ANON: RequestIdentity = { role: 'anon', claims: { role: 'anon' }, token: undefined };

/**
 * Storage reads only `Authorization: Bearer` (`http/plugins/jwt.ts`). Routes that allow an invalid
 * JWT (download, info, head of `/object/{bucket}/…`) fall back to anon, so only what RLS lets anon
 * see is served; every other route answers AccessDenied with the verifier's reason.
 */
export async function storageIdentity(
  req: IncomingMessage,
  auth: Authenticator,
  allowInvalid: boolean,
): Promise<RequestIdentity> {
  const token = bearerToken(req.headers);
  if (!token) {
    if (allowInvalid) return ANON;
    throw storageErrors.accessDenied('Missing authorization header: a Bearer token is required');
  }
  const identified = await auth.identifyToken(token);
  if (identified.kind === 'identity') return identified.identity;
  if (allowInvalid) return ANON;
  throw storageErrors.accessDenied(
    identified.kind === 'expired' ? '"exp" claim timestamp check failed' : identified.message,
  );
}
