import type { Queryable } from '../db/database.ts';

/**
 * Passwords are bcrypt hashes made by pgcrypto (`extensions.crypt`), the format GoTrue stores, at
 * cost 10 (GoTrue's own; pgcrypto's default is 6, which a stolen hash gives up 16 times faster).
 */
export const BCRYPT_COST = 10;

/** SQL for a new hash of the text parameter `$n`. */
export const hashSql = (param: string): string =>
  `extensions.crypt(${param}, extensions.gen_salt('bf', ${BCRYPT_COST}))`;

/** The cost of a bcrypt hash (`$2a$06$…` → 6), or 0 when it is not one. */
export function bcryptCost(hash: string): number {
  const match = /^\$2[abxy]?\$(\d\d)\$/.exec(hash);
  return match ? Number(match[1]) : 0;
}

/**
 * Checks `password` against `hash`, or against a hash of the same cost that matches nothing when
 * there is no hash: an unknown e-mail costs the same bcrypt work as a wrong password, so the time
 * of an answer does not say which e-mails have accounts.
 */
export class PasswordVerifier {
  #decoy: string | undefined;

  async matches(tx: Queryable, password: string, hash: string | null | undefined): Promise<boolean> {
    const against = hash && bcryptCost(hash) > 0 ? hash : await this.#decoyHash(tx);
    const { rows } = await tx.query<{ ok: boolean }>(`select extensions.crypt($1, $2) = $2 as ok`, [
      password,
      against,
    ]);
    return rows[0]?.ok === true && against === hash;
  }

  /** Makes the decoy before the first sign-in, so not even the first unknown e-mail costs more. */
  async prepare(db: Queryable): Promise<void> {
    await this.#decoyHash(db);
  }

  /** Made once, with the caller's connection (on PGlite nothing may run beside its transaction). */
  async #decoyHash(tx: Queryable): Promise<string> {
    if (this.#decoy === undefined) {
      const { rows } = await tx.query<{ hash: string }>(
        `select ${hashSql('gen_random_uuid()::text')} as hash`,
      );
      this.#decoy = rows[0]!.hash;
    }
    return this.#decoy;
  }
}
