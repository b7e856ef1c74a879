import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import { identifyToken, type RequestIdentity } from '../auth/request-auth.ts';
import type { JwtKeys } from '../auth/jwt-keys.ts';
import {
  decodeFrame,
  encodeMessage,
  type BroadcastBody,
  type PhoenixMessage,
  type ProtocolVersion,
} from './phoenix-frames.ts';
import type { ChannelMember, RealtimeHub } from './realtime-hub.ts';

let nextMemberId = 1;

type Json = Record<string, unknown>;
const obj = (value: unknown): Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};

/**
 * One websocket: decodes frames, answers heartbeats, joins and leaves channels, relays broadcasts
 * and presence through the hub. A frame that cannot be understood is answered with an error reply
 * when it carries a ref and otherwise dropped; it never closes the socket or touches other members.
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
    private readonly keys: JwtKeys,
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
    const result = await identifyToken(token, this.keys);
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
    const isPrivate = config['private'] === true;
    if (isPrivate && identified.identity.role === 'anon') {
      return this.#reply(message, 'error', {
        reason: `Unauthorized: You do not have permissions to read from this Channel topic: ${message.topic}`,
      });
    }
    const previous = this.#channels.get(message.topic);
    if (previous) this.#leave(previous);
    const broadcast = obj(config['broadcast']);
    const presence = obj(config['presence']);
    const key =
      typeof presence['key'] === 'string' && presence['key'] !== '' ? presence['key'] : randomUUID();
    const member: ChannelMember = {
      id: nextMemberId++,
      topic: message.topic,
      joinRef: message.joinRef ?? message.ref,
      isPrivate,
      receiveOwn: broadcast['self'] === true,
      ack: broadcast['ack'] === true,
      presenceKey: key,
      version: this.version,
      identity: identified.identity,
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
    if (presence['enabled'] === true) {
      this.#send({
        joinRef: member.joinRef,
        ref: null,
        topic: member.topic,
        event: 'presence_state',
        payload: this.hub.presenceState(member.topic),
      });
    }
  }

  #broadcast(
    message: { joinRef: string | null; ref: string | null; topic: string },
    event: string,
    body: BroadcastBody,
  ): void {
    const member = this.#channels.get(message.topic);
    if (!member) return this.#reply(message, 'error', { reason: 'unmatched topic' });
    this.hub.broadcast(member.topic, event, body, { isPrivate: member.isPrivate, sender: member });
    if (member.ack) this.#reply({ joinRef: member.joinRef, ref: message.ref, topic: member.topic }, 'ok', {});
  }

  #presence(member: ChannelMember, message: PhoenixMessage, payload: Json): void {
    if (payload['event'] === 'track') {
      this.hub.track(member, obj(payload['payload']));
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
    if (identified.kind === 'ok') {
      member.identity = identified.identity;
      return;
    }
    // As Realtime does with a bad token: tell the client why, then close the channel.
    const channel = member.topic.replace(/^realtime:/, '');
    this.#send({
      joinRef: member.joinRef,
      ref: null,
      topic: member.topic,
      event: 'system',
      payload: { extension: 'system', status: 'error', message: identified.reason, channel },
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
