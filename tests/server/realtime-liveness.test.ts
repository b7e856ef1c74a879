import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { eventually, serverTargets, sleep, subscribed, type TestServer } from './support/server-harness.ts';

describe.each(serverTargets())('Realtime liveness on $name', (target) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await target.start({ seed: false, realtimeIdleTimeoutMs: 1000 });
  });
  afterAll(() => server?.close());

  // These sockets use the service-role key: liveness is the point here, not who may join
  // (channels need a signed-in user or the service role: security/realtime-authorization.test.ts).
  it('drops a socket that stops heartbeating, and its presence leaves', async () => {
    const watcher = server.client(server.serviceRoleKey, { heartbeatIntervalMs: 200 });
    const channel = watcher
      .channel('ward-presence', { config: { presence: { key: 'watcher' } } })
      .on('presence', { event: 'sync' }, () => undefined);
    await subscribed(channel);
    // A silent client: joins, tracks, then never sends another frame.
    const silent = new WebSocket(
      `${server.url.replace('http', 'ws')}/realtime/v1/websocket?apikey=${server.serviceRoleKey}&vsn=2.0.0`,
    );
    await new Promise((resolve) => silent.once('open', resolve));
    silent.send(
      JSON.stringify([
        '1',
        '1',
        'realtime:ward-presence',
        'phx_join',
        { config: { presence: { key: 'tablet-3', enabled: true } } },
      ]),
    );
    silent.send(
      JSON.stringify([
        '1',
        '2',
        'realtime:ward-presence',
        'presence',
        { type: 'presence', event: 'track', payload: { device: 'tablet-3' } },
      ]),
    );
    await eventually(() => (channel.presenceState()['tablet-3'] ? true : undefined));
    const closed = new Promise((resolve) => silent.once('close', resolve));
    // The watcher heartbeats every 200 ms, inside the 1 s idle timeout, so only the silent socket goes.
    await eventually(() => (channel.presenceState()['tablet-3'] ? undefined : true), 5000);
    await closed;
    expect(channel.presenceState()).toEqual({});
  });

  it.runIf(target.name === 'postgres')(
    'keeps delivering realtime.send after the LISTEN session is killed',
    async () => {
      const client = server.client(server.serviceRoleKey);
      const got: unknown[] = [];
      await subscribed(
        client.channel('relisten').on('broadcast', { event: 'e' }, (m) => got.push(m['payload'])),
      );
      const killed = await server.db.query<{ n: number }>(
        `select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and query ilike 'listen%'`,
      );
      expect(killed.rows[0]!.n).toBeGreaterThan(0);
      await sleep(2500);
      await server.db.query(`select realtime.send('{"after": "reconnect"}'::jsonb, 'e', 'relisten', false)`);
      await eventually(() => (got.length === 1 ? true : undefined));
      expect(got).toEqual([expect.objectContaining({ after: 'reconnect' })]);
    },
  );
});
