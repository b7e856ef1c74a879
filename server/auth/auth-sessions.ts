import { randomBytes, randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../db/database.ts';
import type { JwtKeys } from './jwt-keys.ts';
import { toAuthUser, type AuthUser, type UserRow } from './auth-user.ts';

/** GoTrue's session response (`AccessTokenResponse`). */
export interface SessionResponse {
  readonly access_token: string;
  readonly token_type: 'bearer';
  readonly expires_in: number;
  readonly expires_at: number;
  readonly refresh_token: string;
  readonly user: AuthUser;
}

export type RefreshOutcome =
  | { readonly kind: 'session'; readonly session: SessionResponse }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'already_used' };

/**
 * A rotated refresh token is still honoured this long after rotation by answering with its live
 * successor, as GoTrue's reuse interval does: two requests racing with the same token (a retry
 * after a lost response) must not log the user out.
 */
const REUSE_INTERVAL_SECONDS = 10;

export class AuthSessions {
  constructor(
    private readonly db: Database,
    private readonly keys: JwtKeys,
    private readonly accessTokenSeconds: number,
  ) {}

  /** Verifies email + password with `extensions.crypt` against the bcrypt hash GoTrue stores. */
  async signInWithPassword(email: string, password: string): Promise<SessionResponse | undefined> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ user: UserRow }>(
        `select to_jsonb(u) as user from auth.users u
          where lower(u.email) = lower($1) and u.encrypted_password is not null
            and u.encrypted_password = extensions.crypt($2, u.encrypted_password)`,
        [email, password],
      );
      const row = rows[0];
      if (!row) return undefined;
      await tx
        .query(`update auth.users set last_sign_in_at = now() where id = $1`, [row.user['id']])
        .catch(() => undefined);
      const sessionId = randomUUID();
      await tx.query(`insert into auth.sessions (id, user_id) values ($1, $2)`, [sessionId, row.user['id']]);
      return this.#issue(tx, await this.#user(tx, String(row.user['id'])), sessionId, null);
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
      }>(
        `select id, user_id, revoked, session_id, extract(epoch from now() - updated_at)::float8 as age
           from auth.refresh_tokens where token = $1 for update`,
        [token],
      );
      const current = rows[0];
      if (!current?.session_id) return { kind: 'not_found' };
      if (current.revoked) {
        if (current.age > REUSE_INTERVAL_SECONDS) return { kind: 'already_used' };
        const child = await tx.query<{ token: string }>(
          `select token from auth.refresh_tokens where parent = $1 and not revoked order by id desc limit 1`,
          [token],
        );
        const successor = child.rows[0];
        if (!successor) return { kind: 'already_used' };
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

  async sessionExists(sessionId: string): Promise<boolean> {
    const { rows } = await this.db.query(`select 1 from auth.sessions where id = $1`, [sessionId]);
    return rows.length > 0;
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
