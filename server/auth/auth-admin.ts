import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../db/database.ts';
import { authUserColumns } from './auth-tables.ts';
import { toAuthUser, type AuthUser, type UserRow } from './auth-user.ts';
import { hashSql } from './password-hash.ts';

export interface NewUser {
  /** GoTrue lets the service role choose the id; a fresh one otherwise. */
  readonly id: string | undefined;
  readonly email: string;
  readonly password: string | undefined;
  /** A bcrypt hash to keep as the password, as GoTrue's `password_hash` (never with `password`). */
  readonly passwordHash: string | undefined;
  readonly emailConfirm: boolean;
  readonly userMetadata: Record<string, unknown>;
  readonly appMetadata: Record<string, unknown>;
}

export type CreateUserOutcome =
  | { readonly kind: 'created'; readonly user: AuthUser }
  | { readonly kind: 'email_exists' }
  | { readonly kind: 'id_exists' };

/** The service-role user administration GoTrue exposes under `/admin/users`. */
export class AuthAdmin {
  #columns: ReadonlySet<string> | undefined;

  constructor(private readonly db: Database) {}

  async create(user: NewUser): Promise<CreateUserOutcome> {
    const columns = (this.#columns ??= await authUserColumns(this.db));
    return this.db.transaction(async (tx) => {
      const taken = await tx.query(`select 1 from auth.users where lower(email) = lower($1)`, [user.email]);
      if (taken.rows.length > 0) return { kind: 'email_exists' };
      if (user.id !== undefined) {
        const idTaken = await tx.query(`select 1 from auth.users where id = $1`, [user.id]);
        if (idTaken.rows.length > 0) return { kind: 'id_exists' };
      }
      const values: [string, string][] = [
        ['id', '$1'],
        ['email', '$2'],
        ['encrypted_password', `case when $3::text is null then $6::text else ${hashSql('$3')} end`],
        ['raw_app_meta_data', `$4::jsonb`],
        ['raw_user_meta_data', `$5::jsonb`],
      ];
      // Columns only a full GoTrue schema has: set them when present, as GoTrue would.
      const optional: [string, string][] = [
        ['aud', `'authenticated'`],
        ['role', `'authenticated'`],
        ['email_confirmed_at', user.emailConfirm ? 'now()' : 'null'],
        ['instance_id', `'00000000-0000-0000-0000-000000000000'`],
        ['created_at', 'now()'],
        ['updated_at', 'now()'],
      ];
      const all = [...values, ...optional.filter(([name]) => columns.has(name))];
      const { rows } = await tx.query<{ user: UserRow }>(
        `insert into auth.users (${all.map(([name]) => name).join(', ')}) values (${all.map(([, value]) => value).join(', ')})
         returning to_jsonb(users.*) as user`,
        [
          user.id ?? randomUUID(),
          user.email.toLowerCase(),
          user.password ?? null,
          JSON.stringify({ provider: 'email', providers: ['email'], ...user.appMetadata }),
          JSON.stringify(user.userMetadata),
          user.passwordHash ?? null,
        ],
      );
      return { kind: 'created', user: toAuthUser(rows[0]!.user) };
    });
  }

  async list(page: number, perPage: number): Promise<{ users: AuthUser[]; total: number }> {
    const { rows } = await this.db.query<{ user: UserRow; total: number }>(
      `select to_jsonb(u) as user, count(*) over () as total from auth.users u order by created_at, id limit $1 offset $2`,
      [perPage, (page - 1) * perPage],
    );
    const total =
      rows[0]?.total ??
      (await this.db.query<{ n: number }>(`select count(*)::int as n from auth.users`)).rows[0]!.n;
    return { users: rows.map((row) => toAuthUser(row.user)), total };
  }

  async get(id: string): Promise<AuthUser | undefined> {
    const { rows } = await this.db.query<{ user: UserRow }>(
      `select to_jsonb(u) as user from auth.users u where id = $1`,
      [id],
    );
    return rows[0] ? toAuthUser(rows[0].user) : undefined;
  }

  /** Sets a new password (bcrypt, as GoTrue) and/or merges user metadata; undefined leaves a field alone. */
  async update(
    id: string,
    changes: { password: string | undefined; userMetadata: Record<string, unknown> | undefined },
  ): Promise<AuthUser | undefined> {
    const { rows } = await this.db.query<{ user: UserRow }>(
      `update auth.users u
          set encrypted_password = case when $2::text is null then u.encrypted_password
                                        else ${hashSql('$2')} end,
              raw_user_meta_data = coalesce(u.raw_user_meta_data, '{}'::jsonb) || coalesce($3::jsonb, '{}'::jsonb),
              updated_at = now()
        where u.id = $1
        returning to_jsonb(u.*) as user`,
      [
        id,
        changes.password ?? null,
        changes.userMetadata === undefined ? null : JSON.stringify(changes.userMetadata),
      ],
    );
    return rows[0] ? toAuthUser(rows[0].user) : undefined;
  }

  /**
   * Removes the user. Its sessions go with it (foreign key), so its tokens stop working on the
   * next request, and its staff profile is deactivated in the same transaction: a profile outlives
   * its account (it has no foreign key to auth.users), and an active one would keep its role.
   */
  async delete(id: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const { rowCount } = await tx.query(`delete from auth.users where id = $1`, [id]);
      if (rowCount > 0) await deactivateProfile(tx, id);
      return rowCount > 0;
    });
  }

  /**
   * GoTrue's `ban_duration`: `none` lifts a ban, a duration (`24h`, `90m`, `876000h`) bans from
   * now. A ban ends the user's sessions and deactivates the staff profile at once; lifting it
   * does not reactivate the profile (an admin decides that in the app).
   */
  async ban(id: string, duration: BanDuration): Promise<AuthUser | undefined> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ user: UserRow }>(
        `update auth.users u set banned_until = case when $2::float8 is null then null
                                                      else now() + make_interval(secs => $2::float8) end,
                updated_at = now()
          where u.id = $1 returning to_jsonb(u.*) as user`,
        [id, duration.kind === 'none' ? null : duration.seconds],
      );
      if (!rows[0]) return undefined;
      if (duration.kind === 'banned') {
        await tx.query(`delete from auth.sessions where user_id = $1`, [id]);
        await deactivateProfile(tx, id);
      }
      return toAuthUser(rows[0].user);
    });
  }
}

export type BanDuration = { readonly kind: 'none' } | { readonly kind: 'banned'; readonly seconds: number };

/** Go's `time.ParseDuration` as GoTrue reads `ban_duration` (`none` lifts a ban); undefined if malformed. */
export function parseBanDuration(text: string): BanDuration | undefined {
  if (text === 'none') return { kind: 'none' };
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return undefined;
  const seconds = parts.reduce((sum, [, value, unit]) => sum + Number(value) * units[unit!]!, 0);
  return seconds > 0 ? { kind: 'banned', seconds } : undefined;
}

/** The staff profile of the user, if this database has the clinic's profiles, made inactive. */
async function deactivateProfile(tx: Queryable, userId: string): Promise<void> {
  const { rows } = await tx.query<{ present: boolean }>(
    `select to_regclass('public.profiles') is not null as present`,
  );
  if (!rows[0]?.present) return;
  await tx.query(`update public.profiles set active = false where id = $1 and active`, [userId]);
}
