import type { RequestIdentity } from '../auth/request-auth.ts';
import type { Database, Queryable } from '../db/database.ts';

export type Extension = 'broadcast' | 'presence';

/** What a member of a private channel may do, as RLS on `realtime.messages` decides it. */
export interface ChannelPolicies {
  readonly broadcastRead: boolean;
  readonly presenceRead: boolean;
}

const rolledBack = Symbol('authorization check rolled back');

/**
 * Private channels are authorized as Supabase Realtime authorizes them
 * (`Realtime.Tenants.Authorization`): by RLS on `realtime.messages`, with the caller's role,
 * claims and request headers and `realtime.topic` set to the channel's topic, in a transaction
 * that is always rolled back (nothing is stored).
 *
 * - Read (at join, and again on a new access token): one `broadcast` and one `presence` message
 *   of the topic are inserted as the server, then selected as the caller; the rows the SELECT
 *   policies let through say whether the caller receives broadcasts and presence.
 * - Write (on the first send or track): a message of that extension is inserted as the caller
 *   in a savepoint; the INSERT policies decide (a refusal is `insufficient_privilege`).
 *
 * Policies write the rule with `realtime.topic()` and `realtime.messages.extension`, exactly as
 * they would on Supabase, so the same migration authorizes the app's channels on both.
 */
export class ChannelAuthorizer {
  constructor(private readonly db: Database) {}

  async read(
    topic: string,
    identity: RequestIdentity,
    headers: Readonly<Record<string, unknown>>,
  ): Promise<ChannelPolicies> {
    return this.#rolledBack(async (tx) => {
      const { rows: inserted } = await tx.query<{ id: string; extension: Extension }>(
        `insert into realtime.messages (topic, extension) values ($1, 'broadcast'), ($1, 'presence')
         returning id, extension`,
        [topic],
      );
      await this.#actAs(tx, topic, identity, headers);
      const visible = await tx
        .query<{ extension: Extension }>(
          `select extension from realtime.messages where topic = $1 and id = any ($2::uuid[])`,
          [topic, inserted.map((row) => row.id)],
        )
        .then(
          (result) => new Set(result.rows.map((row) => row.extension)),
          (error: unknown) => {
            if (isInsufficientPrivilege(error)) return new Set<Extension>();
            throw error;
          },
        );
      return { broadcastRead: visible.has('broadcast'), presenceRead: visible.has('presence') };
    });
  }

  async write(
    topic: string,
    extension: Extension,
    identity: RequestIdentity,
    headers: Readonly<Record<string, unknown>>,
  ): Promise<boolean> {
    return this.#rolledBack(async (tx) => {
      await this.#actAs(tx, topic, identity, headers);
      return tx
        .query(`insert into realtime.messages (topic, extension) values ($1, $2)`, [topic, extension])
        .then(
          () => true,
          (error: unknown) => {
            if (isInsufficientPrivilege(error)) return false;
            throw error;
          },
        );
    });
  }

  async #actAs(
    tx: Queryable,
    topic: string,
    identity: RequestIdentity,
    headers: Readonly<Record<string, unknown>>,
  ): Promise<void> {
    await tx.query(
      `select set_config('role', $1, true), set_config('realtime.topic', $2, true),
              set_config('request.jwt.claims', $3, true), set_config('request.headers', $4, true)`,
      [identity.role, topic, JSON.stringify(identity.claims), JSON.stringify(headers)],
    );
  }

  async #rolledBack<T>(check: (tx: Queryable) => Promise<T>): Promise<T> {
    let outcome: { value: T } | undefined;
    try {
      await this.db.transaction(async (tx) => {
        outcome = { value: await check(tx) };
        throw rolledBack;
      });
    } catch (error) {
      if (error !== rolledBack) throw error;
    }
    return outcome!.value;
  }
}

function isInsufficientPrivilege(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '42501';
}
