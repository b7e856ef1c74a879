import { randomBytes } from 'node:crypto';

export interface PresenceMeta {
  readonly phx_ref: string;
  readonly [field: string]: unknown;
}

/** `{ key: { metas: [...] } }`, the shape of `presence_state` and of each side of `presence_diff`. */
export type PresenceMap = Record<string, { metas: PresenceMeta[] }>;

export interface PresenceDiff {
  readonly joins: PresenceMap;
  readonly leaves: PresenceMap;
}

/**
 * Who is present on one topic. Each channel member holds at most one meta (tracking again
 * replaces it: a leave of the old meta and a join of the new one, as Phoenix reports it); several
 * members may share a key (one user in two tabs), so a key maps to a list of metas.
 */
export class PresenceTopic {
  readonly #entries = new Map<number, { key: string; meta: PresenceMeta }>();

  get empty(): boolean {
    return this.#entries.size === 0;
  }

  state(): PresenceMap {
    const state: PresenceMap = {};
    for (const { key, meta } of this.#entries.values()) (state[key] ??= { metas: [] }).metas.push(meta);
    return state;
  }

  track(memberId: number, key: string, payload: Record<string, unknown>): PresenceDiff {
    const previous = this.#entries.get(memberId);
    const meta: PresenceMeta = { ...payload, phx_ref: randomBytes(8).toString('base64url') };
    this.#entries.set(memberId, { key, meta });
    return {
      joins: { [key]: { metas: [meta] } },
      leaves: previous ? { [previous.key]: { metas: [previous.meta] } } : {},
    };
  }

  untrack(memberId: number): PresenceDiff | undefined {
    const previous = this.#entries.get(memberId);
    if (!previous) return undefined;
    this.#entries.delete(memberId);
    return { joins: {}, leaves: { [previous.key]: { metas: [previous.meta] } } };
  }
}
