import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, parseJsonBody, readBody } from '../http/read-body.ts';
import { sendEmpty, sendJson } from '../http/send.ts';
import { sendAuthError } from './auth-error.ts';
import { parseBanDuration, type AuthAdmin } from './auth-admin.ts';
import type { AuthSessions } from './auth-sessions.ts';
import { bearerToken } from './request-auth.ts';
import type { JwtKeys } from './jwt-keys.ts';
import type { SignInLimits } from './sign-in-limits.ts';

export interface AuthRoutesOptions {
  readonly sessions: AuthSessions;
  readonly admin: AuthAdmin;
  readonly keys: JwtKeys;
  readonly bodyLimit: number;
  readonly limits: SignInLimits;
  /** GoTrue's `disable_signup`: staff accounts are made by an admin, so true by default. */
  readonly signupDisabled: boolean;
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
    return token(req, res, url.searchParams.get('grant_type'), body, options);
  if (path === '/signup' && method === 'POST') return signup(req, res, body, options);
  if (path === '/user' && method === 'GET') return currentUser(req, res, options);
  if (path === '/user' && method === 'PUT') return updateCurrentUser(req, res, body, options);
  if (path === '/logout' && method === 'POST') return logout(req, res, url, options);
  if (path === '/health' && method === 'GET') {
    // GoTrue's health check: the process answers, whatever the database does. Devices probe it
    // while their link seems down, so it must stay this cheap.
    return sendJson(res, 200, {
      version: 'local',
      name: 'GoTrue',
      description: 'GoTrue is a user registration and authentication API',
    });
  }
  if (path === '/settings' && method === 'GET') {
    return sendJson(
      res,
      200,
      {
        external: { email: true, anonymous_users: false },
        disable_signup: options.signupDisabled,
        mailer_autoconfirm: true,
      },
      VERSION_HEADER,
    );
  }
  if (path === '/admin/users' || path.startsWith('/admin/users/'))
    return adminUsers(req, res, path, url, body, options);
  return sendAuthError(res, 404, 'not_found', `No route for ${method} /auth/v1${path}`);
}

/** The address a request came from (the socket's: this server trusts no forwarding header). */
function clientAddress(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}

function sendRateLimited(res: ServerResponse, retryAfterSeconds: number): void {
  sendAuthError(res, 429, 'over_request_rate_limit', 'Request rate limit reached', {
    'Retry-After': String(retryAfterSeconds),
  });
}

async function token(
  req: IncomingMessage,
  res: ServerResponse,
  grantType: string | null,
  body: Json,
  { sessions, limits }: AuthRoutesOptions,
): Promise<void> {
  const ip = clientAddress(req);
  const flood = await limits.request(ip);
  if (flood.kind === 'limited') return sendRateLimited(res, flood.retryAfterSeconds);
  if (grantType === 'password') {
    const email = str(body, 'email');
    const password = str(body, 'password');
    if (!email || !password)
      return sendAuthError(res, 400, 'validation_failed', 'Missing email or phone and password');
    // Checked before the password: a blocked guesser learns nothing, not even a right guess.
    const blocked = await limits.mayTry(ip, email);
    if (blocked.kind === 'limited') return sendRateLimited(res, blocked.retryAfterSeconds);
    const outcome = await sessions.signInWithPassword(email, password);
    if (outcome.kind === 'invalid_credentials') {
      await limits.failed(ip, email);
      return sendAuthError(res, 400, 'invalid_credentials', 'Invalid login credentials');
    }
    await limits.succeeded(email);
    if (outcome.kind === 'banned') return sendAuthError(res, 400, 'user_banned', 'User is banned');
    return sendJson(res, 200, outcome.session, VERSION_HEADER);
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
    if (outcome.kind === 'banned')
      return sendAuthError(res, 400, 'user_banned', 'Invalid Refresh Token: User Banned');
    return sendJson(res, 200, outcome.session, VERSION_HEADER);
  }
  return sendAuthError(res, 400, 'unsupported_grant_type', 'unsupported_grant_type');
}

/**
 * GoTrue's `POST /signup`. A clinic's accounts are made by an admin, so sign-ups are off by
 * default and the answer is GoTrue's with `disable_signup`: 422 `signup_disabled` (and 422
 * `anonymous_provider_disabled` for `signInAnonymously`, which this server never allows). With
 * sign-ups on, an e-mail and password make a confirmed account and its first session.
 */
async function signup(
  req: IncomingMessage,
  res: ServerResponse,
  body: Json,
  options: AuthRoutesOptions,
): Promise<void> {
  const email = str(body, 'email');
  const password = str(body, 'password');
  if (!email && body['phone'] === undefined)
    return sendAuthError(res, 422, 'anonymous_provider_disabled', 'Anonymous sign-ins are disabled');
  if (options.signupDisabled)
    return sendAuthError(res, 422, 'signup_disabled', 'Signups not allowed for this instance');
  const flood = await options.limits.request(clientAddress(req));
  if (flood.kind === 'limited') return sendRateLimited(res, flood.retryAfterSeconds);
  if (!email || !email.includes('@'))
    return sendAuthError(res, 400, 'validation_failed', 'Unable to validate email address: invalid format');
  if (!password || password.length < MIN_PASSWORD_LENGTH)
    return sendAuthError(
      res,
      422,
      'weak_password',
      `Password should be at least ${MIN_PASSWORD_LENGTH} characters.`,
    );
  const created = await options.admin.create({
    id: undefined,
    email,
    password,
    passwordHash: undefined,
    emailConfirm: true,
    userMetadata: obj(body['data']),
    appMetadata: {},
  });
  if (created.kind === 'email_exists')
    return sendAuthError(res, 422, 'user_already_exists', 'User already registered');
  const outcome = await options.sessions.signInWithPassword(email, password);
  if (outcome.kind !== 'session') throw new Error('a user created at sign-up could not sign in');
  return sendJson(res, 200, outcome.session, VERSION_HEADER);
}

const MIN_PASSWORD_LENGTH = 6;

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
  const sub = verified.claims['sub'];
  if (verified.claims['role'] === 'authenticated') {
    const live =
      typeof sessionId === 'string' && typeof sub === 'string' && (await sessions.isLive(sessionId, sub));
    if (!live) {
      sendAuthError(res, 403, 'session_not_found', 'Session from session_id claim in JWT does not exist');
      return { kind: 'rejected' };
    }
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
  if (password !== undefined && (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH)) {
    return sendAuthError(
      res,
      422,
      'weak_password',
      `Password should be at least ${MIN_PASSWORD_LENGTH} characters.`,
    );
  }
  const current = body['current_password'];
  if (current !== undefined && typeof current !== 'string')
    return sendAuthError(res, 400, 'validation_failed', 'current_password must be a string');
  const data = body['data'];
  if (data !== undefined && (data === null || typeof data !== 'object' || Array.isArray(data))) {
    return sendAuthError(res, 400, 'validation_failed', 'data must be an object');
  }
  if (typeof password === 'string') {
    const ip = clientAddress(req);
    const account = typeof caller.claims['email'] === 'string' ? caller.claims['email'] : sub;
    const blocked = await options.limits.mayTry(ip, account);
    if (blocked.kind === 'limited') return sendRateLimited(res, blocked.retryAfterSeconds);
    const changed = await options.sessions.changePassword(
      sub,
      String(caller.claims['session_id']),
      password,
      current,
    );
    switch (changed.kind) {
      case 'reauthentication_needed':
        return sendAuthError(
          res,
          400,
          'reauthentication_needed',
          'Password update requires the current password (current_password) or a sign-in in the last 5 minutes',
        );
      case 'reauthentication_not_valid':
        await options.limits.failed(ip, account);
        return sendAuthError(res, 400, 'reauthentication_not_valid', 'The current password is not right');
      case 'same_password':
        return sendAuthError(
          res,
          422,
          'same_password',
          'New password should be different from the old password.',
        );
      case 'user_not_found':
        return sendAuthError(res, 403, 'user_not_found', 'User from sub claim in JWT does not exist');
      case 'changed':
        await options.limits.succeeded(account);
    }
  }
  const user =
    data === undefined
      ? await options.sessions.findUser(sub)
      : await options.admin.update(sub, { password: undefined, userMetadata: data as Json });
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
    if (method === 'PUT') {
      const banText = body['ban_duration'];
      const ban = typeof banText === 'string' ? parseBanDuration(banText) : undefined;
      if (banText !== undefined && ban === undefined)
        return sendAuthError(
          res,
          400,
          'validation_failed',
          `invalid format for ban duration: ${String(banText)}`,
        );
      const password = str(body, 'password');
      if (password !== undefined && password.length < MIN_PASSWORD_LENGTH)
        return sendAuthError(
          res,
          422,
          'weak_password',
          `Password should be at least ${MIN_PASSWORD_LENGTH} characters.`,
        );
      const metadata = body['user_metadata'];
      let user =
        password !== undefined || metadata !== undefined
          ? await admin.update(id, {
              password,
              userMetadata: metadata === undefined ? undefined : obj(metadata),
            })
          : await admin.get(id);
      if (user && ban) user = await admin.ban(id, ban);
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
