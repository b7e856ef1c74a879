import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, parseJsonBody, readBody } from '../http/read-body.ts';
import { sendEmpty, sendJson } from '../http/send.ts';
import { sendAuthError } from './auth-error.ts';
import type { AuthAdmin } from './auth-admin.ts';
import type { AuthSessions } from './auth-sessions.ts';
import { bearerToken } from './request-auth.ts';
import type { JwtKeys } from './jwt-keys.ts';

export interface AuthRoutesOptions {
  readonly sessions: AuthSessions;
  readonly admin: AuthAdmin;
  readonly keys: JwtKeys;
  readonly bodyLimit: number;
}

const VERSION_HEADER = { 'X-Supabase-Api-Version': '2024-01-01' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** bcrypt as GoTrue and pgcrypto write it: `$2a$`, a two-digit cost, 22 characters of salt and 31 of hash. */
const BCRYPT_HASH = /^\$2a\$\d{2}\$[./A-Za-z0-9]{53}$/;

type Json = Record<string, unknown>;
const str = (body: Json, key: string): string | undefined =>
  typeof body[key] === 'string' ? body[key] : undefined;
const obj = (value: unknown): Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};

/** `/auth/v1/*`: the GoTrue endpoints supabase-js calls (password sign-in, refresh, user, logout, admin users). */
export async function handleAuth(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  url: URL,
  options: AuthRoutesOptions,
): Promise<void> {
  const method = req.method ?? 'GET';
  let body: Json = {};
  if (method === 'POST' || method === 'PUT') {
    try {
      const parsed = parseJsonBody(await readBody(req, options.bodyLimit));
      if (parsed.kind === 'invalid')
        return sendAuthError(res, 400, 'bad_json', `Could not parse request body as JSON: ${parsed.reason}`);
      if (
        parsed.value !== undefined &&
        (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value))
      ) {
        return sendAuthError(
          res,
          400,
          'bad_json',
          'Could not parse request body as JSON: expected an object',
        );
      }
      body = (parsed.value as Json | undefined) ?? {};
    } catch (error) {
      if (error instanceof BodyTooLargeError)
        return sendAuthError(res, 413, 'request_too_large', error.message);
      throw error;
    }
  }

  if (path === '/token' && method === 'POST')
    return token(res, url.searchParams.get('grant_type'), body, options);
  if (path === '/user' && method === 'GET') return currentUser(req, res, options);
  if (path === '/user' && method === 'PUT') return updateCurrentUser(req, res, body, options);
  if (path === '/logout' && method === 'POST') return logout(req, res, url, options);
  if (path === '/settings' && method === 'GET') {
    return sendJson(
      res,
      200,
      { external: { email: true }, disable_signup: true, mailer_autoconfirm: true },
      VERSION_HEADER,
    );
  }
  if (path === '/admin/users' || path.startsWith('/admin/users/'))
    return adminUsers(req, res, path, url, body, options);
  return sendAuthError(res, 404, 'not_found', `No route for ${method} /auth/v1${path}`);
}

async function token(
  res: ServerResponse,
  grantType: string | null,
  body: Json,
  { sessions }: AuthRoutesOptions,
): Promise<void> {
  if (grantType === 'password') {
    const email = str(body, 'email');
    const password = str(body, 'password');
    if (!email || !password)
      return sendAuthError(res, 400, 'validation_failed', 'Missing email or phone and password');
    const session = await sessions.signInWithPassword(email, password);
    if (!session) return sendAuthError(res, 400, 'invalid_credentials', 'Invalid login credentials');
    return sendJson(res, 200, session, VERSION_HEADER);
  }
  if (grantType === 'refresh_token') {
    const refreshToken = str(body, 'refresh_token');
    if (!refreshToken) return sendAuthError(res, 400, 'validation_failed', 'refresh_token required');
    const outcome = await sessions.refresh(refreshToken);
    if (outcome.kind === 'not_found')
      return sendAuthError(
        res,
        400,
        'refresh_token_not_found',
        'Invalid Refresh Token: Refresh Token Not Found',
      );
    if (outcome.kind === 'already_used')
      return sendAuthError(res, 400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used');
    return sendJson(res, 200, outcome.session, VERSION_HEADER);
  }
  return sendAuthError(res, 400, 'unsupported_grant_type', 'unsupported_grant_type');
}

type Caller = { readonly kind: 'caller'; readonly claims: Json } | { readonly kind: 'rejected' };

/** GoTrue's `requireAuthentication`: a valid bearer JWT, and its session still alive. */
async function authenticate(
  req: IncomingMessage,
  res: ServerResponse,
  { keys, sessions }: AuthRoutesOptions,
): Promise<Caller> {
  const token = bearerToken(req.headers);
  if (!token) {
    sendAuthError(res, 401, 'no_authorization', 'This endpoint requires a valid Bearer token');
    return { kind: 'rejected' };
  }
  const verified = await keys.verify(token);
  if (verified.kind !== 'valid') {
    sendAuthError(
      res,
      403,
      'bad_jwt',
      `invalid JWT: unable to parse or verify signature, ${verified.message}`,
    );
    return { kind: 'rejected' };
  }
  const sessionId = verified.claims['session_id'];
  if (typeof sessionId === 'string' && !(await sessions.sessionExists(sessionId))) {
    sendAuthError(res, 403, 'session_not_found', 'Session from session_id claim in JWT does not exist');
    return { kind: 'rejected' };
  }
  return { kind: 'caller', claims: verified.claims };
}

async function currentUser(
  req: IncomingMessage,
  res: ServerResponse,
  options: AuthRoutesOptions,
): Promise<void> {
  const caller = await authenticate(req, res, options);
  if (caller.kind === 'rejected') return;
  const sub = caller.claims['sub'];
  const user = typeof sub === 'string' && UUID.test(sub) ? await options.sessions.findUser(sub) : undefined;
  if (!user) return sendAuthError(res, 403, 'user_not_found', 'User from sub claim in JWT does not exist');
  return sendJson(res, 200, user, VERSION_HEADER);
}

/** `updateUser({ password, data })`: a new password and/or merged user metadata. Email changes need mail, which this server has not. */
async function updateCurrentUser(
  req: IncomingMessage,
  res: ServerResponse,
  body: Json,
  options: AuthRoutesOptions,
): Promise<void> {
  const caller = await authenticate(req, res, options);
  if (caller.kind === 'rejected') return;
  const sub = caller.claims['sub'];
  if (typeof sub !== 'string' || !UUID.test(sub))
    return sendAuthError(res, 403, 'user_not_found', 'User from sub claim in JWT does not exist');
  if (body['email'] !== undefined || body['phone'] !== undefined) {
    return sendAuthError(
      res,
      422,
      'validation_failed',
      'Changing email or phone is not supported by this server',
    );
  }
  const password = body['password'];
  if (password !== undefined && (typeof password !== 'string' || password.length < 6)) {
    return sendAuthError(res, 422, 'weak_password', 'Password should be at least 6 characters.');
  }
  const data = body['data'];
  if (data !== undefined && (data === null || typeof data !== 'object' || Array.isArray(data))) {
    return sendAuthError(res, 400, 'validation_failed', 'data must be an object');
  }
  const user = await options.admin.update(sub, { password, userMetadata: data as Json | undefined });
  if (!user) return sendAuthError(res, 403, 'user_not_found', 'User from sub claim in JWT does not exist');
  return sendJson(res, 200, user, VERSION_HEADER);
}

async function logout(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  options: AuthRoutesOptions,
): Promise<void> {
  const caller = await authenticate(req, res, options);
  if (caller.kind === 'rejected') return;
  const scope = url.searchParams.get('scope') ?? 'global';
  if (scope !== 'global' && scope !== 'local' && scope !== 'others') {
    return sendAuthError(res, 400, 'validation_failed', `Unsupported logout scope "${scope}"`);
  }
  const sub = caller.claims['sub'];
  const sessionId = caller.claims['session_id'];
  if (typeof sub === 'string' && UUID.test(sub)) {
    await options.sessions.logout(sub, typeof sessionId === 'string' ? sessionId : undefined, scope);
  }
  return sendEmpty(res, 204, VERSION_HEADER);
}

async function adminUsers(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  url: URL,
  body: Json,
  options: AuthRoutesOptions,
): Promise<void> {
  const caller = await authenticate(req, res, options);
  if (caller.kind === 'rejected') return;
  if (caller.claims['role'] !== 'service_role')
    return sendAuthError(res, 403, 'not_admin', 'User not allowed');
  const method = req.method ?? 'GET';
  const { admin } = options;
  if (path === '/admin/users') {
    if (method === 'GET') {
      const page = Math.max(1, Number(url.searchParams.get('page')) || 1);
      const perPage = Math.min(1000, Math.max(1, Number(url.searchParams.get('per_page')) || 50));
      const { users, total } = await admin.list(page, perPage);
      const lastPage = Math.max(1, Math.ceil(total / perPage));
      const links = [`</admin/users?page=${lastPage}&per_page=${perPage}>; rel="last"`];
      if (page < lastPage) links.unshift(`</admin/users?page=${page + 1}&per_page=${perPage}>; rel="next"`);
      return sendJson(
        res,
        200,
        { users, aud: 'authenticated' },
        { ...VERSION_HEADER, 'X-Total-Count': String(total), Link: links.join(', ') },
      );
    }
    if (method === 'POST') {
      const email = str(body, 'email');
      if (!email || !email.includes('@'))
        return sendAuthError(
          res,
          400,
          'validation_failed',
          'Unable to validate email address: invalid format',
        );
      const password = str(body, 'password');
      const passwordHash = str(body, 'password_hash') || undefined;
      if (password !== undefined && passwordHash !== undefined)
        return sendAuthError(
          res,
          400,
          'validation_failed',
          'Only a password or a password hash should be provided',
        );
      // GoTrue also takes argon2 and Firebase scrypt hashes; sign-in here checks with pgcrypto,
      // which reads `$2a$` bcrypt only: any other hash would make a login that can never sign in.
      if (passwordHash !== undefined && !BCRYPT_HASH.test(passwordHash))
        return sendAuthError(
          res,
          400,
          'validation_failed',
          'Only bcrypt ($2a$) password hashes are supported by this server',
        );
      const id = str(body, 'id') || undefined;
      if (id !== undefined && !UUID.test(id))
        return sendAuthError(res, 400, 'validation_failed', 'ID must conform to the uuid v4 format');
      if (id !== undefined && /^[0-]+$/.test(id))
        return sendAuthError(res, 400, 'validation_failed', 'ID cannot be a nil uuid');
      const outcome = await admin.create({
        id: id?.toLowerCase(),
        email,
        password,
        passwordHash,
        emailConfirm: body['email_confirm'] === true,
        userMetadata: obj(body['user_metadata']),
        appMetadata: obj(body['app_metadata']),
      });
      if (outcome.kind === 'email_exists')
        return sendAuthError(
          res,
          422,
          'email_exists',
          'A user with this email address has already been registered',
        );
      // GoTrue answers a taken id with a 500 from the failed insert; a coded 422 says more.
      if (outcome.kind === 'id_exists')
        return sendAuthError(res, 422, 'user_already_exists', 'A user with this ID already exists');
      return sendJson(res, 200, outcome.user, VERSION_HEADER);
    }
  } else {
    const id = decodeURIComponent(path.slice('/admin/users/'.length));
    if (!UUID.test(id)) return sendAuthError(res, 404, 'user_not_found', 'User not found');
    if (method === 'GET') {
      const user = await admin.get(id);
      return user
        ? sendJson(res, 200, user, VERSION_HEADER)
        : sendAuthError(res, 404, 'user_not_found', 'User not found');
    }
    if (method === 'DELETE') {
      return (await admin.delete(id))
        ? sendJson(res, 200, {}, VERSION_HEADER)
        : sendAuthError(res, 404, 'user_not_found', 'User not found');
    }
  }
  return sendAuthError(res, 405, 'not_found', `Method ${method} not allowed on /auth/v1${path}`);
}
