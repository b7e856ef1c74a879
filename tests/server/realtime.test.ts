import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { eventually, serverTargets, sleep, subscribed, type TestServer } from './support/server-harness.ts';

type Frame = [string | null, string | null, string, string, Record<string, unknown>];

/**
 * A bare Phoenix vsn 2 socket, for frames supabase-js would never send. It connects with the
 * service-role key: channels need a signed-in user or the service role (the anon key joins
 * nothing, see security/realtime-authorization.test.ts).
 */
async function rawSocket(server: TestServer, vsn = '2.0.0') {
  const url = `${server.url.replace('http', 'ws')}/realtime/v1/websocket?apikey=${server.serviceRoleKey}&vsn=${vsn}`;
  const socket = new WebSocket(url);
  const frames: (Frame | Buffer)[] = [];
  socket.on('message', (data: Buffer, binary: boolean) =>
    frames.push(binary ? data : (JSON.parse(data.toString()) as Frame)),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const reply = (ref: string) =>
    eventually(() =>
      frames.find((f): f is Frame => Array.isArray(f) && f[1] === ref && f[3] === 'phx_reply'),
    );
  return { socket, frames, reply };
}

/** Test-only rules for the private topic `ward`: signed-in users receive its broadcasts. */
const WARD_POLICY = `
  create policy ward_receive on realtime.messages for select to authenticated
    using (realtime.messages.extension = 'broadcast' and (select realtime.topic()) = 'ward');
`;

describe.each(serverTargets())('Realtime on $name', (target) => {
  let server: TestServer;
  let staffCount = 0;
  /** A new signed-in client (its own user): channels are for signed-in users. */
  const staff = async (options?: { vsn?: '1.0.0' | '2.0.0' }) => {
    const email = `rt${(staffCount += 1)}@clinica.example`;
    await server
      .client(server.serviceRoleKey)
      .auth.admin.createUser({ email, password: 'rt-password', email_confirm: true });
    const client = server.client(server.anonKey, options);
    const { error } = await client.auth.signInWithPassword({ email, password: 'rt-password' });
    if (error) throw error;
    return client;
  };
  beforeAll(async () => {
    server = await target.start({ seed: false });
    await server.db.exec(WARD_POLICY);
  });
  afterAll(() => server?.close());

  it('relays broadcasts between clients on protocol 2.0.0 (binary) and 1.0.0 (JSON), not back to the sender', async () => {
    const alice = await staff();
    const bob = await staff({ vsn: '1.0.0' });
    const gotAlice: unknown[] = [];
    const gotBob: unknown[] = [];
    const channelA = alice
      .channel('room-a')
      .on('broadcast', { event: '*' }, (message) => gotAlice.push(message));
    const channelB = bob
      .channel('room-a')
      .on('broadcast', { event: 'msg' }, (message) => gotBob.push(message));
    await subscribed(channelA);
    await subscribed(channelB);
    expect(await channelA.send({ type: 'broadcast', event: 'msg', payload: { hello: 'wörld' } })).toBe('ok');
    expect(await channelB.send({ type: 'broadcast', event: 'other', payload: { n: 1 } })).toBe('ok');
    await eventually(() => (gotBob.length === 1 && gotAlice.length === 1 ? true : undefined));
    expect(gotBob).toEqual([{ type: 'broadcast', event: 'msg', payload: { hello: 'wörld' } }]);
    expect(gotAlice).toEqual([{ type: 'broadcast', event: 'other', payload: { n: 1 } }]);
  });

  it('echoes to the sender with self: true and acknowledges with ack: true', async () => {
    const client = await staff();
    const got: unknown[] = [];
    const channel = client
      .channel('room-self', { config: { broadcast: { self: true, ack: true } } })
      .on('broadcast', { event: 'ping' }, (m) => got.push(m));
    await subscribed(channel);
    expect(await channel.send({ type: 'broadcast', event: 'ping', payload: { at: 1 } })).toBe('ok');
    await eventually(() => (got.length === 1 ? true : undefined));
  });

  it('keeps public and private channels of one topic apart, and refuses private joins to anon', async () => {
    const onPrivate: unknown[] = [];
    const onPublic: unknown[] = [];
    await subscribed(
      (await staff())
        .channel('ward', { config: { private: true } })
        .on('broadcast', { event: 'e' }, (m) => onPrivate.push(m['payload'])),
    );
    await subscribed(
      (await staff()).channel('ward').on('broadcast', { event: 'e' }, (m) => onPublic.push(m['payload'])),
    );
    await server.db.query(`select realtime.send('{"to": "private"}'::jsonb, 'e', 'ward', true)`);
    await server.db.query(`select realtime.send('{"to": "public"}'::jsonb, 'e', 'ward', false)`);
    await eventually(() => (onPrivate.length === 1 && onPublic.length === 1 ? true : undefined));
    // As on Supabase, realtime.send gives the payload the message's id.
    expect(onPrivate).toEqual([{ to: 'private', id: expect.any(String) }]);
    expect(onPublic).toEqual([{ to: 'public', id: expect.any(String) }]);
    const anonPrivate = server.client().channel('secret', { config: { private: true } });
    await expect(subscribed(anonPrivate)).rejects.toThrow(/Unauthorized/);
  });

  it('delivers realtime.send only after commit, never from a rolled-back transaction', async () => {
    const client = await staff();
    const got: unknown[] = [];
    const channel = client.channel('sync').on('broadcast', { event: 'poke' }, (m) => got.push(m['payload']));
    await subscribed(channel);
    await server.db.transaction(async (tx) => {
      await tx.query(`select realtime.send('{"rev": 1}'::jsonb, 'poke', 'sync', false)`);
      await sleep(200);
      expect(got).toEqual([]);
    });
    await eventually(() => (got.length === 1 ? true : undefined));
    await server.db
      .transaction(async (tx) => {
        await tx.query(`select realtime.send('{"rev": 2}'::jsonb, 'poke', 'sync', false)`);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await server.db.query(`select realtime.send('{"rev": 3}'::jsonb, 'poke', 'sync', false)`);
    await eventually(() => (got.length === 2 ? true : undefined));
    expect(got).toEqual([expect.objectContaining({ rev: 1 }), expect.objectContaining({ rev: 3 })]);
  });

  it('syncs presence between two clients: state on join, joins and leaves as diffs', async () => {
    const alice = await staff();
    const bob = await staff();
    const channelA = alice.channel('lobby', { config: { presence: { key: 'alice' } } });
    const channelB = bob.channel('lobby', { config: { presence: { key: 'bob' } } });
    const leaves: string[] = [];
    channelA
      .on('presence', { event: 'sync' }, () => undefined)
      .on('presence', { event: 'leave' }, ({ key }) => leaves.push(key));
    channelB.on('presence', { event: 'sync' }, () => undefined);
    await subscribed(channelA);
    expect(await channelA.track({ screen: 'agenda' })).toBe('ok');
    await subscribed(channelB);
    expect(await channelB.track({ screen: 'patients' })).toBe('ok');
    const keys = (state: Record<string, unknown>) => Object.keys(state).sort().join(',');
    await eventually(() => (keys(channelA.presenceState()) === 'alice,bob' ? true : undefined));
    await eventually(() => (keys(channelB.presenceState()) === 'alice,bob' ? true : undefined));
    // The entry is the server's, from bob's token: what bob's client sent is not taken.
    const bobEntry = channelA.presenceState()['bob']?.[0] as Record<string, unknown> | undefined;
    expect(bobEntry).toMatchObject({ email: expect.stringMatching(/^rt\d+@clinica\.example$/) });
    expect(bobEntry).not.toHaveProperty('screen');
    expect(await channelB.untrack()).toBe('ok');
    await eventually(() => (keys(channelA.presenceState()) === 'alice' ? true : undefined));
    expect(leaves).toContain('bob');
    await bob.removeChannel(channelB);
  });

  it('accepts REST broadcasts, batch and httpSend (202), and refuses malformed or unauthorised ones', async () => {
    const client = await staff();
    const got: unknown[] = [];
    await subscribed(
      client.channel('rest-room').on('broadcast', { event: 'e' }, (m) => got.push(m['payload'])),
    );
    const response = await server.fetch('/realtime/v1/api/broadcast', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.serviceRoleKey}` },
      body: JSON.stringify({
        messages: [{ topic: 'rest-room', event: 'e', payload: { a: 1 }, private: false }],
      }),
    });
    expect(response.status).toBe(202);
    await eventually(() => (got.length === 1 ? true : undefined));
    expect(got).toEqual([{ a: 1 }]);
    const sender = (await staff()).channel('rest-room');
    expect(await sender.httpSend('e', { b: 2 })).toEqual({ success: true });
    await eventually(() => (got.length === 2 ? true : undefined));
    expect(got).toEqual([{ a: 1 }, { b: 2 }]);
    const privateByAnon = await server.fetch('/realtime/v1/api/broadcast/rest-room/events/e?private=true', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(privateByAnon.status).toBe(401);
    const bad = await server.fetch('/realtime/v1/api/broadcast', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.serviceRoleKey}` },
      body: '{"messages": 3}',
    });
    expect(bad.status).toBe(400);
  });

  it('answers heartbeats, reports unmatched topics, and survives garbage frames', async () => {
    const { socket, frames, reply } = await rawSocket(server);
    socket.send('not json at all');
    socket.send('{"an":"object"}');
    socket.send('[1,2,3]');
    socket.send(Buffer.from([9, 9, 9]));
    socket.send(Buffer.from([3, 200, 1, 1, 1, 0, 1, 65]));
    socket.send(
      JSON.stringify([
        null,
        '5',
        'realtime:nowhere',
        'broadcast',
        { type: 'broadcast', event: 'x', payload: {} },
      ]),
    );
    expect((await reply('5'))[4]).toEqual({ status: 'error', response: { reason: 'unmatched topic' } });
    socket.send(JSON.stringify([null, '6', 'phoenix', 'heartbeat', {}]));
    expect((await reply('6'))[4]).toEqual({ status: 'ok', response: {} });
    socket.send(
      JSON.stringify([
        '7',
        '7',
        'realtime:raw',
        'phx_join',
        { config: { broadcast: { self: true } }, access_token: 'garbage.token.here' },
      ]),
    );
    expect((await reply('7'))[4]).toMatchObject({ status: 'error' });
    socket.send(
      JSON.stringify(['8', '8', 'realtime:raw', 'phx_join', { config: { broadcast: { self: true } } }]),
    );
    expect((await reply('8'))[4]).toMatchObject({ status: 'ok' });
    // A binary broadcast push (kind 3) comes back to a self-subscribed sender as kind 4.
    const topic = Buffer.from('realtime:raw');
    const event = Buffer.from('bin');
    const payload = Buffer.from(JSON.stringify({ ok: true }));
    socket.send(
      Buffer.concat([
        Buffer.from([3, 1, 1, topic.length, event.length, 0, 1]),
        Buffer.from('8'),
        Buffer.from('9'),
        topic,
        event,
        payload,
      ]),
    );
    const echoed = await eventually(() => frames.find((f): f is Buffer => Buffer.isBuffer(f)));
    expect(echoed[0]).toBe(4);
    expect(JSON.parse(echoed.subarray(5 + topic.length + event.length).toString())).toEqual({ ok: true });
    socket.close();
    expect((await server.fetch('/health')).status).toBe(200);
  });

  it('refuses a websocket without a valid apikey', async () => {
    const socket = new WebSocket(
      `${server.url.replace('http', 'ws')}/realtime/v1/websocket?apikey=bad&vsn=2.0.0`,
    );
    const outcome = await new Promise<string>((resolve) => {
      socket.once('open', () => resolve('open'));
      socket.once('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      socket.once('error', () => resolve('error'));
    });
    expect(outcome).toBe('403');
    socket.terminate();
  });

  it('takes access_token updates and closes the channel on a bad one', async () => {
    const { socket, frames, reply } = await rawSocket(server);
    socket.send(JSON.stringify(['1', '1', 'realtime:tok', 'phx_join', { config: {} }]));
    expect((await reply('1'))[4]).toMatchObject({ status: 'ok' });
    socket.send(
      JSON.stringify(['1', '2', 'realtime:tok', 'access_token', { access_token: server.serviceRoleKey }]),
    );
    socket.send(
      JSON.stringify(['1', '3', 'realtime:tok', 'broadcast', { type: 'broadcast', event: 'x', payload: {} }]),
    );
    await sleep(100);
    expect(frames.some((f) => Array.isArray(f) && f[3] === 'phx_close')).toBe(false);
    socket.send(JSON.stringify(['1', '4', 'realtime:tok', 'access_token', { access_token: 'not.a.jwt' }]));
    const system = await eventually(() =>
      frames.find((f): f is Frame => Array.isArray(f) && f[3] === 'system'),
    );
    expect(system[4]).toMatchObject({ status: 'error', extension: 'system' });
    await eventually(() => frames.find((f) => Array.isArray(f) && f[3] === 'phx_close'));
    socket.close();
  });
});
