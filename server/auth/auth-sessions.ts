import { randomBytes, randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../db/database.ts';
import type { JwtKeys } from './jwt-keys.ts';
import { toAuthUser, type AuthUser, type UserRow } from './auth-user.ts';
import { BCRYPT_COST, PasswordVerifier, bcryptCost, hashSql } from './password-hash.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** GoTrue's session response (`AccessTokenResponse`). */
export interface SessionResponse {
  readonly access_token: string;
  readonly token_type: 'bearer';
  readonly expires_in: number;
  readonly expires_at: number;
  readonly refresh_token: string;
  readonly user: AuthUser;
}

export type SignInOutcome =
  | { readonly kind: 'session'; readonly session: SessionResponse }
  | { readonly kind: 'invalid_credentials' }
  | { readonly kind: 'banned' };

export type RefreshOutcome =
  | { readonly kind: 'session'; readonly session: SessionResponse }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'already_used' }
  | { readonly kind: 'banned' };

export type PasswordChangeOutcome =
  | { readonly kind: 'changed'; readonly user: AuthUser }
  | { readonly kind: 'reauthentication_needed' }
  | { readonly kind: 'reauthentication_not_valid' }
  | { readonly kind: 'same_password' }
  | { readonly kind: 'user_not_found' };

/**
 * A rotated refresh token is still honoured this long after rotation by answering with the
 * session's live token, as GoTrue's reuse interval does: two requests racing with the same token
 * (a retry after a lost response) must not log the user out.
 */
const REUSE_INTERVAL_SECONDS = 10;

/**
 * A password may be changed without the current one this soon after signing in: the person just
 * typed a password on this session ("a fresh sign-in"). GoTrue's reauthentication rule.
 */
export const FRESH_SIGN_IN_SECONDS = 5 * 60;

/**
 * GoTrue's sessions: sign-in creates a session (`auth.sessions`) and its first refresh token;
 * every refresh rotates the token within the session, so a session is one family of tokens.
 *
 * Invariants:
 * - Rotation: a refresh token is used once. Within REUSE_INTERVAL_SECONDS of its rotation the
 *   session's live token is answered again (a retry after a lost answer); any later use is a
 *   token that leaked, so the whole family ends (the session is deleted, its tokens with it) and
 *   every access token of the session stops working at once (`isLive`). GoTrue revokes the
 *   family too, but keeps honouring the direct parent of the live token for ever; here a late
 *   reuse of any token ends the session.
 * - Access tokens carry `session_id`; a request is served only while that session exists and
 *   its user is not banned (`isLive`), so sign-out, revocation, deletion and bans take effect on
 *   the next request, not when the token expires.
 */
export class AuthSessions {
  readonly #passwords = new PasswordVerifier();

  constructor(
    private readonly db: Database,
    private readonly keys: JwtKeys,
    private readonly accessTokenSeconds: number,
  ) {}

  async prepare(): Promise<void> {
    await this.#passwords.prepare(this.db);
  }

  /**
   * Verifies email + password with `extensions.crypt` against the bcrypt hash GoTrue stores; an
   * unknown e-mail does the same bcrypt work (see PasswordVerifier). A hash of a lower cost than
   * BCRYPT_COST (older seeds) is replaced by one of that cost once the password is known.
   */
  async signInWithPassword(email: string, password: string): Promise<SignInOutcome> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string; hash: string | null; banned: boolean }>(
        `select u.id, u.encrypted_password as hash, coalesce(u.banned_until > now(), false) as banned
           from auth.users u where lower(u.email) = lower($1) and u.encrypted_password is not null
          order by u.created_at limit 1`,
        [email],
      );
      const found = rows[0];
      if (!(await this.#passwords.matches(tx, password, found?.hash)) || !found)
        return { kind: 'invalid_credentials' };
      if (found.banned) return { kind: 'banned' };
      if (bcryptCost(found.hash ?? '') < BCRYPT_COST) {
        await tx.query(`update auth.users set encrypted_password = ${hashSql('$2')} where id = $1`, [
          found.id,
          password,
        ]);
      }
      await tx
        .query(`update auth.users set last_sign_in_at = now() where id = $1`, [found.id])
        .catch(() => undefined);
      const sessionId = randomUUID();
      await tx.query(`insert into auth.sessions (id, user_id) values ($1, $2)`, [sessionId, found.id]);
      return {
        kind: 'session',
        session: await this.#issue(tx, await this.#user(tx, found.id), sessionId, null),
      };
    });
  }

  async refresh(token: string): Promise<RefreshOutcome> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{
        id: number;
        user_id: string;
        revoked: boolean;
        session_id: string;
        age: number;
        banned: boolean;
      }>(
        `select t.id, t.user_id, t.revoked, t.session_id, extract(epoch from now() - t.updated_at)::float8 as age,
                coalesce(u.banned_until > now(), false) as banned
           from auth.refresh_tokens t join auth.users u on u.id::text = t.user_id
          where t.token = $1 for update of t`,
        [token],
      );
      const current = rows[0];
      if (!current?.session_id) return { kind: 'not_found' };
      if (current.banned) return { kind: 'banned' };
      if (current.revoked) {
        const live = await tx.query<{ token: string }>(
          `select token from auth.refresh_tokens where session_id = $1 and not revoked order by id desc limit 1`,
          [current.session_id],
        );
        const successor = live.rows[0];
        if (current.age > REUSE_INTERVAL_SECONDS || !successor) {
          // A leaked token: end the family. Its access tokens die with the session (isLive).
          await tx.query(`delete from auth.sessions where id = $1`, [current.session_id]);
          return { kind: 'already_used' };
        }
        const user = await this.#user(tx, current.user_id);
        return { kind: 'session', session: await this.#respond(user, current.session_id, successor.token) };
      }
      await tx.query(`update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1`, [
        current.id,
      ]);
      await tx.query(
        `update auth.sessions set updated_at = now(), refreshed_at = now() at time zone 'utc' where id = $1`,
        [current.session_id],
      );
      const user = await this.#user(tx, current.user_id);
      return { kind: 'session', session: await this.#issue(tx, user, current.session_id, token) };
    });
  }

  /** Whether `sessionId` is a session of `userId` that has not ended, and the user is not banned. */
  async isLive(sessionId: string, userId: string): Promise<boolean> {
    if (!UUID.test(sessionId) || !UUID.test(userId)) return false;
    const { rows } = await this.db.query(
      `select 1 from auth.sessions s join auth.users u on u.id = s.user_id
        where s.id = $1 and s.user_id = $2 and (u.banned_until is null or u.banned_until <= now())`,
      [sessionId, userId],
    );
    return rows.length > 0;
  }

  /**
   * A new password, as GoTrue's `PUT /user` with "require current password": the current
   * password, or a session signed in within FRESH_SIGN_IN_SECONDS, proves it is the person and
   * not someone at their unlocked screen. The other sessions of the user end (GoTrue's
   * `UpdatePassword` logs them out); this one stays.
   */
  async changePassword(
    userId: string,
    sessionId: string,
    password: string,
    currentPassword: string | undefined,
  ): Promise<PasswordChangeOutcome> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ hash: string | null; fresh: boolean }>(
        `select u.encrypted_password as hash,
                coalesce((select s.created_at > now() - make_interval(secs => $3)
                            from auth.sessions s where s.id = $2 and s.user_id = u.id), false) as fresh
           from auth.users u where u.id = $1 for update`,
        [userId, sessionId, FRESH_SIGN_IN_SECONDS],
      );
      const found = rows[0];
      if (!found) return { kind: 'user_not_found' };
      if (currentPassword !== undefined) {
        if (!(await this.#passwords.matches(tx, currentPassword, found.hash)))
          return { kind: 'reauthentication_not_valid' };
      } else if (!found.fresh && found.hash !== null) {
        return { kind: 'reauthentication_needed' };
      }
      if (found.hash !== null && (await this.#passwords.matches(tx, password, found.hash)))
        return { kind: 'same_password' };
      await tx.query(
        `update auth.users set encrypted_password = ${hashSql('$2')}, updated_at = now() where id = $1`,
        [userId, password],
      );
      await tx.query(`delete from auth.sessions where user_id = $1 and id <> $2`, [userId, sessionId]);
      return { kind: 'changed', user: await this.#user(tx, userId) };
    });
  }

  async findUser(userId: string): Promise<AuthUser | undefined> {
    const { rows } = await this.db.query<{ user: UserRow }>(
      `select to_jsonb(u) as user from auth.users u where id = $1`,
      [userId],
    );
    return rows[0] ? toAuthUser(rows[0].user) : undefined;
  }

  /** `scope`: global ends every session of the user, local only this one, others all but this one. */
  async logout(
    userId: string,
    sessionId: string | undefined,
    scope: 'global' | 'local' | 'others',
  ): Promise<void> {
    if (scope === 'global' || sessionId === undefined) {
      await this.db.query(`delete from auth.sessions where user_id = $1`, [userId]);
    } else if (scope === 'local') {
      await this.db.query(`delete from auth.sessions where id = $1`, [sessionId]);
    } else {
      await this.db.query(`delete from auth.sessions where user_id = $1 and id <> $2`, [userId, sessionId]);
    }
  }

  async #user(tx: Queryable, userId: string): Promise<AuthUser> {
    const { rows } = await tx.query<{ user: UserRow }>(
      `select to_jsonb(u) as user from auth.users u where id = $1`,
      [userId],
    );
    if (!rows[0]) throw new Error(`auth user ${userId} vanished during sign-in`);
    return toAuthUser(rows[0].user);
  }

  async #issue(
    tx: Queryable,
    user: AuthUser,
    sessionId: string,
    parent: string | null,
  ): Promise<SessionResponse> {
    const refreshToken = randomBytes(16).toString('base64url');
    await tx.query(
      `insert into auth.refresh_tokens (token, user_id, session_id, parent) values ($1, $2, $3, $4)`,
      [refreshToken, user.id, sessionId, parent],
    );
    return this.#respond(user, sessionId, refreshToken);
  }

  async #respond(user: AuthUser, sessionId: string, refreshToken: string): Promise<SessionResponse> {
    const now = Math.floor(Date.now() / 1000);
    const accessToken = await this.keys.sign(
      {
        sub: user.id,
        aud: 'authenticated',
        iss: 'supabase-local/auth/v1',
        role: 'authenticated',
        email: user.email,
        phone: user.phone,
        app_metadata: user.app_metadata,
        user_metadata: user.user_metadata,
        aal: 'aal1',
        amr: [{ method: 'password', timestamp: now }],
        session_id: sessionId,
        is_anonymous: false,
      },
      this.accessTokenSeconds,
    );
    return {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: this.accessTokenSeconds,
      expires_at: now + this.accessTokenSeconds,
      refresh_token: refreshToken,
      user,
    };
  }
}
