/**
 * The user object GoTrue returns (`models.User` JSON), built from an `auth.users` row read with
 * `to_jsonb`, so columns a baseline lacks simply come out as their defaults.
 */
export interface AuthUser {
  readonly id: string;
  readonly aud: string;
  readonly role: string;
  readonly email: string;
  readonly email_confirmed_at: string | null;
  readonly phone: string;
  readonly confirmed_at: string | null;
  readonly last_sign_in_at: string | null;
  readonly app_metadata: Record<string, unknown>;
  readonly user_metadata: Record<string, unknown>;
  readonly identities: unknown[];
  readonly created_at: string | null;
  readonly updated_at: string | null;
  readonly is_anonymous: boolean;
  /** Set while the user is banned (GoTrue omits it otherwise). */
  readonly banned_until?: string;
}

export type UserRow = Record<string, unknown>;

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const object = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

export function toAuthUser(row: UserRow): AuthUser {
  const bannedUntil = text(row['banned_until']);
  const confirmed = text(row['email_confirmed_at']) ?? text(row['confirmed_at']) ?? text(row['created_at']);
  return {
    id: String(row['id']),
    aud: text(row['aud']) || 'authenticated',
    role: text(row['role']) || 'authenticated',
    email: text(row['email']) ?? '',
    email_confirmed_at: confirmed,
    phone: text(row['phone']) ?? '',
    confirmed_at: confirmed,
    last_sign_in_at: text(row['last_sign_in_at']),
    app_metadata: { provider: 'email', providers: ['email'], ...object(row['raw_app_meta_data']) },
    user_metadata: object(row['raw_user_meta_data']),
    identities: [],
    created_at: text(row['created_at']),
    updated_at: text(row['updated_at']) ?? text(row['created_at']),
    is_anonymous: row['is_anonymous'] === true,
    ...(bannedUntil && new Date(bannedUntil).getTime() > Date.now() ? { banned_until: bannedUntil } : {}),
  };
}
