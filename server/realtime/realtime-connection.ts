import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { Authenticator, RequestIdentity } from '../auth/request-auth.ts';
import type { ChannelAuthorizer, Extension } from './channel-authorization.ts';
import {
  decodeFrame,
  encodeMessage,
  type BroadcastBody,
  type PhoenixMessage,
  type ProtocolVersion,
} from './phoenix-frames.ts';
import { receivesPresence, type ChannelMember, type RealtimeHub } from './realtime-hub.ts';

let nextMemberId = 1;

type Json = Record<string, unknown>;
const obj = (value: unknown): Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};

/** A client-chosen presence key, kept when it is a plain identifier (a device id), else replaced. */
const PRESENCE_KEY = /^[A-Za-z0-9_.:-]{1,100}$/;

/**
 * One websocket: decodes frames, answers heartbeats, joins and leaves channels, relays broadcasts
 * and presence through the hub. A frame that cannot be understood is answered with an error reply
 * when it carries a ref and otherwise dropped; it never closes the socket or touches other members.
 *
 * Who may do what (docs/local-server.md, "Security model"):
 * - nobody joins without a signed-in user (or the service role): the anon key is public;
 * - a public channel is open to every signed-in user, as on Supabase;
 * - a private channel is authorized by RLS on `realtime.messages` (ChannelAuthorizer): join needs
 *   broadcast or presence read; broadcasts reach only members with broadcast read and presence
 *   only members with presence read; a send needs broadcast write (otherwise it is dropped, no
 *   ack, as Supabase does) and a track presence write (otherwise an error reply);
 * - a presence entry is built by the server from the token (user id, e-mail, time), never taken
 *   from the client, so nobody can appear as someone else;
 * - a new access token is checked again (and the read policies with it); a member whose session
 *   ended, or whose token expired, is removed from the channel (`revalidate`).
 */
export class RealtimeConnection {
  readonly #channels = new Map<string, ChannelMember>();
  /** When the client last sent anything; clients heartbeat every 25 s, so silence means it is gone. */
  lastSeen = Date.now();
  #queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly socket: WebSocket,
    private readonly version: ProtocolVersion,
    private readonly apiKeyIdentity: RequestIdentity,
    private readonly hub: RealtimeHub,
    private readonly auth: Authenticator,
    private readonly authorizer: ChannelAuthorizer,
    /** The upgrade request's headers: policies may read them from `request.headers`, as on Supabase. */
    private readonly headers: Readonly<Record<string, unknown>>,
  ) {
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      this.lastSeen = Date.now();
      // Frames are handled strictly in arrival order: a join verifies its token asynchronously,
      // and a track or broadcast sent right behind it must find the channel joined.
      this.#queue = this.#queue.then(() => this.#receive(data, isBinary)).catch(() => undefined);
    });
    socket.on('close', () => this.#closeAll());
    socket.on('error', () => this.#closeAll());
  }

  #send(message: PhoenixMessage): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(encodeMessage(message, this.version));
  }

  #reply(
    message: { joinRef: string | null; ref: string | null; topic: string },
    status: 'ok' | 'error',
    response: unknown,
  ): void {
    this.#send({
      joinRef: message.joinRef,
      ref: message.ref,
      topic: message.topic,
      event: 'phx_reply',
      payload: { status, response },
    });
  }

  async #receive(data: Buffer, isBinary: boolean): Promise<void> {
    const frame = decodeFrame(data, isBinary, this.version);
    if (frame.kind === 'garbage') return;
    if (frame.kind === 'broadcast-push') {
      return this.#broadcast(
        { joinRef: frame.joinRef, ref: frame.ref, topic: frame.topic },
        frame.event,
        frame.body,
      );
    }
    const message = frame.message;
    if (message.topic === 'phoenix' && message.event === 'heartbeat') return this.#reply(message, 'ok', {});
    if (message.event === 'phx_join') return this.#join(message);
    const member = this.#channels.get(message.topic);
    if (!member) return this.#reply(message, 'error', { reason: 'unmatched topic' });
    const payload = obj(message.payload);
    switch (message.event) {
      case 'phx_leave':
        this.#leave(member);
        this.#reply(message, 'ok', {});
        return this.#send({
          joinRef: member.joinRef,
          ref: member.joinRef,
          topic: member.topic,
          event: 'phx_close',
          payload: {},
        });
      case 'broadcast':
        if (typeof payload['event'] !== 'string')
          return this.#reply(message, 'error', { reason: 'broadcast needs an event' });
        return this.#broadcast(message, payload['event'], { encoding: 'json', value: payload['payload'] });
      case 'presence':
        return this.#presence(member, message, payload);
      case 'access_token':
        return this.#refreshToken(member, payload['access_token']);
      default:
        return this.#reply(message, 'error', { reason: `unknown event ${message.event}` });
    }
  }

  async #identity(
    token: unknown,
  ): Promise<{ kind: 'ok'; identity: RequestIdentity } | { kind: 'error'; reason: string }> {
    // No token, or a new-format key, means "use the apikey the socket connected with".
    if (typeof token !== 'string' || token === '' || token.startsWith('sb_'))
      return { kind: 'ok', identity: this.apiKeyIdentity };
    const result = await this.auth.identifyToken(token);
    if (result.kind === 'expired') return { kind: 'error', reason: 'InvalidJWTToken: Token has expired' };
    if (result.kind === 'invalid') return { kind: 'error', reason: `InvalidJWTToken: ${result.message}` };
    if (typeof result.identity.claims.exp !== 'number')
      return { kind: 'error', reason: 'InvalidJWTToken: Fields `role` and `exp` are required in JWT' };
    return { kind: 'ok', identity: result.identity };
  }

  async #join(message: PhoenixMessage): Promise<void> {
    const payload = obj(message.payload);
    const config = obj(payload['config']);
    const identified = await this.#identity(payload['access_token']);
    if (identified.kind === 'error') return this.#reply(message, 'error', { reason: identified.reason });
    const identity = identified.identity;
    const topicName = message.topic.replace(/^realtime:/, '');
    if (!message.topic.startsWith('realtime:') || topicName === '')
      return this.#reply(message, 'error', { reason: 'TopicNameRequired: You must provide a topic name' });
    if (identity.role === 'anon') {
      return this.#reply(message, 'error', {
        reason: 'Unauthorized: channels on this server need a signed-in user',
      });
    }
    const isPrivate = config['private'] === true;
    const policies = isPrivate ? await this.#readPolicies(topicName, identity) : undefined;
    if (policies && !policies.broadcastRead && !policies.presenceRead) {
      return this.#reply(message, 'error', {
        reason: `Unauthorized: You do not have permissions to read from this Channel topic: ${topicName}`,
      });
    }
    const previous = this.#channels.get(message.topic);
    if (previous) this.#leave(previous);
    const broadcast = obj(config['broadcast']);
    const presence = obj(config['presence']);
    const wanted = presence['key'];
    const key = typeof wanted === 'string' && PRESENCE_KEY.test(wanted) ? wanted : randomUUID();
    const member: ChannelMember = {
      id: nextMemberId++,
      topic: message.topic,
      joinRef: message.joinRef ?? message.ref,
      isPrivate,
      receiveOwn: broadcast['self'] === true,
      ack: broadcast['ack'] === true,
      presenceKey: key,
      version: this.version,
      identity,
      policies,
      writes: new Map(),
      send: (frame) => {
        if (this.socket.readyState === this.socket.OPEN) this.socket.send(frame);
      },
    };
    this.#channels.set(message.topic, member);
    this.hub.join(member);
    // Bindings are echoed in order with an id, as realtime-js checks; changes are not streamed here.
    const bindings = Array.isArray(config['postgres_changes']) ? config['postgres_changes'] : [];
    const echoed = bindings.map((binding, index) => ({ ...obj(binding), id: index + 1 }));
    this.#reply(message, 'ok', { postgres_changes: echoed });
    if (presence['enabled'] === true && receivesPresence(member)) {
      this.#send({
        joinRef: member.joinRef,
        ref: null,
        topic: member.topic,
        event: 'presence_state',
        payload: this.hub.presenceState(member),
      });
    }
  }

  #readPolicies(topicName: string, identity: RequestIdentity) {
    if (identity.role === 'service_role') return Promise.resolve({ broadcastRead: true, presenceRead: true });
    return this.authorizer.read(topicName, identity, this.headers);
  }

  /** Public channels: any member (all are signed in). Private: the INSERT policies, asked once per token. */
  async #mayWrite(member: ChannelMember, extension: Extension): Promise<boolean> {
    if (!member.isPrivate || member.identity.role === 'service_role') return true;
    const known = member.writes.get(extension);
    if (known !== undefined) return known;
    const topicName = member.topic.replace(/^realtime:/, '');
    const allowed = await this.authorizer.write(topicName, extension, member.identity, this.headers);
    member.writes.set(extension, allowed);
    return allowed;
  }

  async #broadcast(
    message: { joinRef: string | null; ref: string | null; topic: string },
    event: string,
    body: BroadcastBody,
  ): Promise<void> {
    const member = this.#channels.get(message.topic);
    if (!member) return this.#reply(message, 'error', { reason: 'unmatched topic' });
    // As Supabase: a broadcast the policies refuse is dropped, and not acknowledged.
    if (!(await this.#mayWrite(member, 'broadcast'))) return;
    this.hub.broadcast(member.topic, event, body, { isPrivate: member.isPrivate, sender: member });
    if (member.ack) this.#reply({ joinRef: member.joinRef, ref: message.ref, topic: member.topic }, 'ok', {});
  }

  async #presence(member: ChannelMember, message: PhoenixMessage, payload: Json): Promise<void> {
    if (payload['event'] === 'track') {
      if (!(await this.#mayWrite(member, 'presence'))) {
        return this.#reply(message, 'error', {
          reason: 'Unauthorized: You do not have permissions to track presence on this Channel topic',
        });
      }
      this.hub.track(member, presenceMeta(member.identity));
      return this.#reply(message, 'ok', {});
    }
    if (payload['event'] === 'untrack') {
      this.hub.untrack(member);
      return this.#reply(message, 'ok', {});
    }
    return this.#reply(message, 'error', { reason: 'presence event must be track or untrack' });
  }

  async #refreshToken(member: ChannelMember, token: unknown): Promise<void> {
    const identified = await this.#identity(token);
    if (identified.kind === 'error') return this.#shut(member, identified.reason);
    const identity = identified.identity;
    if (identity.role === 'anon')
      return this.#shut(member, 'Unauthorized: channels on this server need a signed-in user');
    if (member.isPrivate) {
      const policies = await this.#readPolicies(member.topic.replace(/^realtime:/, ''), identity);
      // As Realtime: read rights the new token no longer has end the membership.
      const revoked =
        (member.policies?.broadcastRead === true && !policies.broadcastRead) ||
        (member.policies?.presenceRead === true && !policies.presenceRead);
      if (revoked) return this.#shut(member, 'Unauthorized: read permissions for this channel were revoked');
      member.policies = policies;
    }
    member.identity = identity;
    member.writes.clear();
  }

  /**
   * Checks every member's token again: one whose session ended (sign-out, a password change
   * elsewhere, a revoked token family, a deleted or banned user) or that expired without a new
   * one is told why and removed from its channel. Run by the server every few seconds.
   */
  async revalidate(): Promise<void> {
    for (const member of [...this.#channels.values()]) {
      const token = member.identity.token;
      if (member.identity.role !== 'authenticated' || token === undefined) continue;
      const result = await this.auth.identifyToken(token);
      if (result.kind === 'expired') this.#shut(member, 'InvalidJWTToken: Token has expired');
      else if (result.kind === 'invalid') this.#shut(member, `InvalidJWTToken: ${result.message}`);
    }
  }

  /** As Realtime does with a bad token: tell the client why, then close the channel. */
  #shut(member: ChannelMember, reason: string): void {
    if (this.#channels.get(member.topic) !== member) return;
    const channel = member.topic.replace(/^realtime:/, '');
    this.#send({
      joinRef: member.joinRef,
      ref: null,
      topic: member.topic,
      event: 'system',
      payload: { extension: 'system', status: 'error', message: reason, channel },
    });
    this.#leave(member);
    this.#send({
      joinRef: member.joinRef,
      ref: member.joinRef,
      topic: member.topic,
      event: 'phx_close',
      payload: {},
    });
  }

  #leave(member: ChannelMember): void {
    this.hub.leave(member);
    if (this.#channels.get(member.topic) === member) this.#channels.delete(member.topic);
  }

  /** Drops a client that stopped talking: its presence leaves, its socket closes. */
  terminate(): void {
    this.#closeAll();
    this.socket.terminate();
  }

  #closeAll(): void {
    for (const member of [...this.#channels.values()]) this.#leave(member);
  }
}

/** A presence entry as the server vouches for it: who (from the verified token) and since when. */
function presenceMeta(identity: RequestIdentity): Record<string, unknown> {
  const { sub, email } = identity.claims as { sub?: unknown; email?: unknown };
  return {
    user_id: typeof sub === 'string' ? sub : null,
    email: typeof email === 'string' ? email : null,
    online_at: new Date().toISOString(),
  };
}
