import type { RequestIdentity } from '../auth/request-auth.ts';
import {
  encodeBroadcast,
  encodeMessage,
  type BroadcastBody,
  type ProtocolVersion,
} from './phoenix-frames.ts';
import { PresenceTopic, type PresenceDiff } from './presence.ts';

/** One socket's membership of one topic, from its `phx_join` until leave or disconnect. */
export interface ChannelMember {
  readonly id: number;
  readonly topic: string;
  readonly joinRef: string | null;
  readonly isPrivate: boolean;
  /** `config.broadcast.self`: the sender also receives its own broadcasts. */
  readonly receiveOwn: boolean;
  readonly ack: boolean;
  readonly presenceKey: string;
  readonly version: ProtocolVersion;
  identity: RequestIdentity;
  send(frame: string | Buffer): void;
}

/**
 * Topic membership and presence for every socket of the server. Broadcast frames are encoded
 * once per protocol version, not once per receiver, so a fan-out costs one encode and N writes.
 * Public and private channels of one topic are separate audiences, as on Supabase.
 */
export class RealtimeHub {
  readonly #topics = new Map<string, Set<ChannelMember>>();
  readonly #presence = new Map<string, PresenceTopic>();

  join(member: ChannelMember): void {
    let members = this.#topics.get(member.topic);
    if (!members) this.#topics.set(member.topic, (members = new Set()));
    members.add(member);
  }

  leave(member: ChannelMember): void {
    this.untrack(member);
    const members = this.#topics.get(member.topic);
    members?.delete(member);
    if (members?.size === 0) this.#topics.delete(member.topic);
  }

  memberCount(topic: string): number {
    return this.#topics.get(topic)?.size ?? 0;
  }

  broadcast(
    topic: string,
    event: string,
    body: BroadcastBody,
    options: { isPrivate: boolean; sender?: ChannelMember },
  ): void {
    const encoded = new Map<ProtocolVersion, string | Buffer | undefined>();
    for (const member of this.#topics.get(topic) ?? []) {
      if (member.isPrivate !== options.isPrivate) continue;
      if (member === options.sender && !member.receiveOwn) continue;
      if (!encoded.has(member.version))
        encoded.set(member.version, encodeBroadcast(topic, event, body, member.version));
      const frame = encoded.get(member.version);
      if (frame !== undefined) member.send(frame);
    }
  }

  presenceState(topic: string) {
    return this.#presence.get(topic)?.state() ?? {};
  }

  track(member: ChannelMember, payload: Record<string, unknown>): void {
    let presence = this.#presence.get(member.topic);
    if (!presence) this.#presence.set(member.topic, (presence = new PresenceTopic()));
    this.#announce(member.topic, presence.track(member.id, member.presenceKey, payload));
  }

  untrack(member: ChannelMember): void {
    const presence = this.#presence.get(member.topic);
    const diff = presence?.untrack(member.id);
    if (presence?.empty) this.#presence.delete(member.topic);
    if (diff) this.#announce(member.topic, diff);
  }

  #announce(topic: string, diff: PresenceDiff): void {
    for (const member of this.#topics.get(topic) ?? []) {
      member.send(
        encodeMessage(
          { joinRef: member.joinRef, ref: null, topic, event: 'presence_diff', payload: diff },
          member.version,
        ),
      );
    }
  }
}
