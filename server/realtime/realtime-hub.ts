import type { RequestIdentity } from '../auth/request-auth.ts';
import {
  encodeBroadcast,
  encodeMessage,
  type BroadcastBody,
  type ProtocolVersion,
} from './phoenix-frames.ts';
import type { ChannelPolicies, Extension } from './channel-authorization.ts';
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
  /** Private channels: what RLS on `realtime.messages` lets this member read (public: undefined). */
  policies: ChannelPolicies | undefined;
  /** Private channels: write checks already made (asked on the first send or track). */
  readonly writes: Map<Extension, boolean>;
  send(frame: string | Buffer): void;
}

/** Whether `member` receives broadcasts / presence: always on a public channel, by policy on a private one. */
export const receivesBroadcasts = (member: ChannelMember): boolean => member.policies?.broadcastRead ?? true;
export const receivesPresence = (member: ChannelMember): boolean => member.policies?.presenceRead ?? true;

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
      if (!receivesBroadcasts(member)) continue;
      if (!encoded.has(member.version))
        encoded.set(member.version, encodeBroadcast(topic, event, body, member.version));
      const frame = encoded.get(member.version);
      if (frame !== undefined) member.send(frame);
    }
  }

  /** Who is present in `member`'s audience (its topic, public or private). */
  presenceState(member: Pick<ChannelMember, 'topic' | 'isPrivate'>) {
    return this.#presence.get(audienceOf(member))?.state() ?? {};
  }

  /** Every member of every topic (for checking their tokens again). */
  members(): ChannelMember[] {
    return [...this.#topics.values()].flatMap((set) => [...set]);
  }

  track(member: ChannelMember, payload: Record<string, unknown>): void {
    const audience = audienceOf(member);
    let presence = this.#presence.get(audience);
    if (!presence) this.#presence.set(audience, (presence = new PresenceTopic()));
    this.#announce(member, presence.track(member.id, member.presenceKey, payload));
  }

  untrack(member: ChannelMember): void {
    const audience = audienceOf(member);
    const presence = this.#presence.get(audience);
    const diff = presence?.untrack(member.id);
    if (presence?.empty) this.#presence.delete(audience);
    if (diff) this.#announce(member, diff);
  }

  /** A presence change reaches the members of the same audience who may see presence. */
  #announce(source: ChannelMember, diff: PresenceDiff): void {
    for (const member of this.#topics.get(source.topic) ?? []) {
      if (member.isPrivate !== source.isPrivate || !receivesPresence(member)) continue;
      member.send(
        encodeMessage(
          { joinRef: member.joinRef, ref: null, topic: member.topic, event: 'presence_diff', payload: diff },
          member.version,
        ),
      );
    }
  }
}

/** Public and private channels of one topic are separate audiences, for presence as for broadcasts. */
function audienceOf(member: Pick<ChannelMember, 'topic' | 'isPrivate'>): string {
  return `${member.isPrivate ? 'private' : 'public'}:${member.topic}`;
}
