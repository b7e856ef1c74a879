import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { DEMO, serverTargets, sleep, type TestServer } from '../support/server-harness.ts';

type Who = 'anon' | 'admin' | 'doctor' | 'nurse' | 'reception' | 'billing' | 'no profile';
type Action = 'join' | 'receive' | 'send' | 'presence';
type Verdict = 'yes' | 'no';
type Row = Record<Action, Verdict>;

const everyone: readonly Who[] = ['anon', 'admin', 'doctor', 'nurse', 'reception', 'billing', 'no profile'];
const staffRoles = ['admin', 'doctor', 'nurse', 'reception', 'billing'] as const;

/** The channels of the matrix: a public one (any signed-in user), and the app's two private ones. */
const channels = [
  { name: 'lobby', private: false },
  { name: 'sync', private: true },
  { name: 'devices', private: true },
] as const;
type ChannelName = (typeof channels)[number]['name'];

/**
 * What each identity may do on each channel, as the policies on realtime.messages (migration
 * 20261203120000) and the server's rules (docs/local-server.md) say: anon nothing; a public
 * channel is any signed-in user's; `sync` is received by staff and sent to by nobody; `devices`
 * is presence among staff; a user without a staff profile joins no private channel.
 */
function expected(who: Who, channel: ChannelName): Row {
  const no: Row = { join: 'no', receive: 'no', send: 'no', presence: 'no' };
  if (who === 'anon') return no;
  if (channel === 'lobby') return { join: 'yes', receive: 'yes', send: 'yes', presence: 'yes' };
  if (who === 'no profile') return no;
  if (channel === 'sync') return { join: 'yes', receive: 'yes', send: 'no', presence: 'no' };
  return { join: 'yes', receive: 'no', send: 'no', presence: 'yes' };
}

/** SUBSCRIBED, or refused; realtime-js itself gives up on a join after 10 s. */
function joined(channel: RealtimeChannel): Promise<Verdict> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('no'), 10_000);
    channel.subscribe((status) => {
      if (status === 'SUBSCRIBED') {
        clearTimeout(timer);
        resolve('yes');
      } else if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT' || status === 'CLOSED') {
        clearTimeout(timer);
        resolve('no');
      }
    });
  });
}

// Finding 2: realtime was open to the public anon key. The matrix below is anon and each role ×
// a public and the two private channels × join / receive / send / presence, beside the RLS matrix.
describe.each(serverTargets())('realtime authorization on $name', (target) => {
  let server: TestServer;
  const results = new Map<string, Row>();
  const emails = new Map<Who, string>();
  const clients: SupabaseClient[] = [];

  async function clientOf(who: Who): Promise<SupabaseClient> {
    if (who === 'anon') return server.client();
    if (who === 'no profile') {
      const client = server.client();
      const { error } = await client.auth.signInWithPassword({
        email: 'sem-perfil@clinica.example',
        password: 'sem-perfil-1',
      });
      if (error) throw error;
      return client;
    }
    return server.signedIn(DEMO[who]);
  }

  beforeAll(async () => {
    server = await target.start();
    await server.client(server.serviceRoleKey).auth.admin.createUser({
      email: 'sem-perfil@clinica.example',
      password: 'sem-perfil-1',
      email_confirm: true,
    });
    for (const role of staffRoles) emails.set(role, DEMO[role]);
    emails.set('no profile', 'sem-perfil@clinica.example');
    const observer = server.client(server.serviceRoleKey);
    for (const spec of channels) {
      // The service role sees everything on the channel: what reaches it is what a member sent.
      const seen: string[] = [];
      const watch = observer
        .channel(spec.name, { config: { private: spec.private, presence: { key: 'observer' } } })
        .on('broadcast', { event: 'member-says' }, (message) =>
          seen.push(String(message['payload']?.['who'])),
        )
        .on('presence', { event: 'sync' }, () => undefined);
      expect(await joined(watch)).toBe('yes');
      const members = await Promise.all(
        everyone.map(async (who) => {
          const client = await clientOf(who);
          clients.push(client);
          const received: string[] = [];
          const channel = client
            .channel(spec.name, {
              config: { private: spec.private, presence: { key: `device-${who.replace(' ', '-')}` } },
            })
            .on('broadcast', { event: 'server-says' }, (message) =>
              received.push(String(message['payload']?.['n'])),
            )
            .on('presence', { event: 'sync' }, () => undefined);
          return { who, channel, received, join: await joined(channel) };
        }),
      );
      // receive: the database sends on the topic, as a poke is sent.
      await server.db.query(`select realtime.send('{"n": 1}'::jsonb, 'server-says', $1, $2)`, [
        spec.name,
        spec.private,
      ]);
      // send: every joined member broadcasts; presence: every joined member tracks, claiming to be someone else.
      const tracked = new Map<Who, string>();
      for (const member of members) {
        if (member.join !== 'yes') continue;
        await member.channel.send({ type: 'broadcast', event: 'member-says', payload: { who: member.who } });
        tracked.set(member.who, await member.channel.track({ email: 'admin@clinica.example', forged: true }));
      }
      await sleep(1500);
      const present = watch.presenceState<Record<string, unknown>>();
      for (const member of members) {
        const key = `device-${member.who.replace(' ', '-')}`;
        const entry = present[key]?.[0];
        if (entry) {
          // Presence is what the server vouches for: the member's own e-mail, nothing the client sent.
          expect(entry['email'], `${member.who} on ${spec.name}`).toBe(emails.get(member.who));
          expect(entry).not.toHaveProperty('forged');
        }
        results.set(`${member.who}|${spec.name}`, {
          join: member.join,
          receive: member.received.includes('1') ? 'yes' : 'no',
          send: seen.includes(member.who) ? 'yes' : 'no',
          presence: tracked.get(member.who) === 'ok' && entry !== undefined ? 'yes' : 'no',
        });
      }
      for (const member of members) await member.channel.unsubscribe();
      await observer.removeChannel(watch);
    }
  });
  afterAll(async () => {
    for (const client of clients) await client.removeAllChannels();
    await server?.close();
  });

  const cells = everyone.flatMap((who) => channels.map((spec) => [who, spec.name] as const));
  it.each(cells)('%s on %s', (who, channel) => {
    expect(results.get(`${who}|${channel}`)).toEqual(expected(who, channel));
  });

  it('puts the REST broadcast behind the apikey gate and refuses anon', async () => {
    const body = JSON.stringify({ messages: [{ topic: 'lobby', event: 'e', payload: {}, private: false }] });
    const bare = await fetch(`${server.url}/realtime/v1/api/broadcast`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(bare.status).toBe(401);
    const anon = await server.fetch('/realtime/v1/api/broadcast', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(anon.status).toBe(401);
    const reception = await server.signedIn(DEMO.reception);
    const token = (await reception.auth.getSession()).data.session!.access_token;
    const fakePoke = await server.fetch('/realtime/v1/api/broadcast', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        messages: [{ topic: 'sync', event: 'poke', payload: { rev: 1e9 }, private: true }],
      }),
    });
    expect(fakePoke.status).toBe(401);
    const publicOne = await server.fetch('/realtime/v1/api/broadcast', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
    });
    expect(publicOne.status).toBe(202);
  });

  it('accepts only the project keys as the socket apikey, not a user token', async () => {
    const reception = await server.signedIn(DEMO.reception);
    const token = (await reception.auth.getSession()).data.session!.access_token;
    const socket = new WebSocket(
      `${server.url.replace('http', 'ws')}/realtime/v1/websocket?apikey=${token}&vsn=2.0.0`,
    );
    const outcome = await new Promise<string>((resolve) => {
      socket.once('open', () => resolve('open'));
      socket.once('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      socket.once('error', () => resolve('error'));
    });
    expect(outcome).toBe('403');
    socket.terminate();
  });

  it('removes a member from its channel once its session ends', async () => {
    const nurse = await server.signedIn(DEMO.nurse);
    const closed: string[] = [];
    const channel = nurse
      .channel('sync', { config: { private: true } })
      .on('system', {}, (message: { message?: string }) => closed.push(String(message.message)));
    expect(await joined(channel)).toBe('yes');
    const sessionId = (await nurse.auth.getSession()).data.session!.user.id;
    await server.db.query('delete from auth.sessions where user_id = $1', [sessionId]);
    const deadline = Date.now() + 10_000;
    while (closed.length === 0 && Date.now() < deadline) await sleep(100);
    expect(closed.join(' ')).toMatch(/session/);
  });
});
