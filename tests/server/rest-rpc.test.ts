import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, eventually, serverTargets, subscribed, type TestServer } from './support/server-harness.ts';

interface PullResponse {
  changes: { table: string; row: { id: string; rev: number } }[];
  cursor: number;
  has_more: boolean;
}

const countMutations = async (server: TestServer) =>
  (await server.db.query<{ n: number }>('select count(*)::int as n from sync.mutations')).rows[0]!.n;

describe.each(serverTargets())('PostgREST RPC on $name', (target) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await target.start();
  });
  afterAll(() => server?.close());

  it('runs sync_pull as the signed-in user (POST), paging by rev', async () => {
    const doctor = await server.signedIn(DEMO.doctor);
    const { data, error, status } = await doctor.rpc('sync_pull', { since: 0, max_rows: 50 });
    expect(error).toBeNull();
    expect(status).toBe(200);
    const pull = data as PullResponse;
    expect(pull.changes).toHaveLength(50);
    expect(pull.has_more).toBe(true);
    expect(pull.cursor).toBe(pull.changes.at(-1)!.row.rev);
    const revs = pull.changes.map((change) => change.row.rev);
    expect([...revs].sort((a, b) => a - b)).toEqual(revs);
  });

  it('lets RLS decide what each role pulls: reception never receives encounters, anon may not call it', async () => {
    const tablesSeen = async (email: string) => {
      const client = await server.signedIn(email);
      const tables = new Set<string>();
      for (let since = 0, more = true; more;) {
        const { data, error } = await client.rpc('sync_pull', { since, max_rows: 10_000 });
        expect(error).toBeNull();
        const pull = data as PullResponse;
        for (const change of pull.changes) tables.add(change.table);
        more = pull.has_more;
        since = pull.cursor;
      }
      return tables;
    };
    expect(await tablesSeen(DEMO.doctor)).toContain('encounters');
    const reception = await tablesSeen(DEMO.reception);
    expect(reception).toContain('patients');
    expect(reception).not.toContain('encounters');
    const anon = await server.client().rpc('sync_pull', { since: 0 });
    expect(anon.status).toBe(401);
    expect(anon.error).toMatchObject({ code: '42501' });
  });

  it('calls a read-only function with GET and query-string arguments', async () => {
    const doctor = await server.signedIn(DEMO.doctor);
    const { data, error } = await doctor.rpc('sync_digest', { table_name: 'patients' }, { get: true });
    expect(error).toBeNull();
    expect(data).toMatchObject({
      count: expect.any(Number),
      max_rev: expect.any(Number),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('pokes subscribers of the private channel sync after sync_push commits, with the new rev', async () => {
    const reception = await server.signedIn(DEMO.reception);
    const listener = await server.signedIn(DEMO.nurse);
    const pokes: number[] = [];
    const channel = listener
      .channel('sync', { config: { private: true } })
      .on('broadcast', { event: 'poke' }, (message) => {
        pokes.push((message['payload'] as { rev: number }).rev);
      });
    await subscribed(channel);
    const id = randomUUID();
    const { data, error } = await reception.rpc('sync_push', {
      client_id: 'rest-rpc-test',
      mutations: [
        {
          mid: randomUUID(),
          table: 'patients',
          op: 'insert',
          id,
          base_rev: null,
          data: { full_name: 'Poke Teste' },
          base: {},
          at: new Date().toISOString(),
        },
      ],
    });
    expect(error).toBeNull();
    const result = (data as { results: { status: string; rev: number }[] }).results[0]!;
    expect(result.status).toBe('applied');
    const rev = await eventually(() => pokes.find((value) => value >= result.rev));
    expect(rev).toBeGreaterThanOrEqual(result.rev);
  });

  it('stays correct under concurrent requests: every push applied once with distinct revs, pulls consistent', async () => {
    const clients = await Promise.all(
      [DEMO.reception, DEMO.doctor, DEMO.nurse, DEMO.admin].map((email) => server.signedIn(email)),
    );
    const ids = Array.from({ length: 40 }, () => randomUUID());
    const pushes = ids.map((id, i) =>
      clients[i % clients.length]!.rpc('sync_push', {
        client_id: `concurrent-${i % clients.length}`,
        mutations: [
          {
            mid: randomUUID(),
            table: 'patients',
            op: 'insert',
            id,
            base_rev: null,
            data: { full_name: `Paciente ${i}` },
            base: {},
            at: new Date().toISOString(),
          },
        ],
      }),
    );
    const pulls = clients.map((client) => client.rpc('sync_pull', { since: 0, max_rows: 100 }));
    const results = await Promise.all(pushes);
    for (const pull of await Promise.all(pulls)) expect(pull.error).toBeNull();
    const revs = results.map((result) => {
      expect(result.error).toBeNull();
      const outcome = (result.data as { results: { status: string; rev: number }[] }).results[0]!;
      expect(outcome.status).toBe('applied');
      return outcome.rev;
    });
    expect(new Set(revs).size).toBe(ids.length);
    const stored = await server.db.query<{ n: number }>(
      'select count(*)::int as n from public.patients where id = any ($1)',
      [ids],
    );
    expect(stored.rows[0]!.n).toBe(ids.length);
  });

  it('answers an unknown function, or known function with unknown arguments, with 404 PGRST202', async () => {
    const client = server.client();
    const missing = await client.rpc('no_such_function', { a: 1 });
    expect(missing.status).toBe(404);
    expect(missing.error).toMatchObject({
      code: 'PGRST202',
      message: 'Could not find the function public.no_such_function(a) in the schema cache',
    });
    const wrongArgs = await client.rpc('sync_pull', { since: 0, bogus: 1 });
    expect(wrongArgs.status).toBe(404);
    expect(wrongArgs.error?.code).toBe('PGRST202');
  });

  it('runs GET calls read-only: a writing function called with GET fails with 405 and writes nothing', async () => {
    const reception = await server.signedIn(DEMO.reception);
    const before = await countMutations(server);
    const mutations = JSON.stringify([
      {
        mid: randomUUID(),
        table: 'patients',
        op: 'insert',
        id: randomUUID(),
        base_rev: null,
        data: { full_name: 'GET' },
        base: {},
        at: 'x',
      },
    ]);
    const token = (await reception.auth.getSession()).data.session!.access_token;
    const response = await server.fetch(
      `/rest/v1/rpc/sync_push?client_id=get-test&mutations=${encodeURIComponent(mutations)}`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    const body = await response.json();
    expect(body).toMatchObject({ code: '25006' });
    expect(response.status).toBe(405);
    expect(await countMutations(server)).toBe(before);
  });

  it('answers malformed JSON with 400 PGRST102 and writes nothing', async () => {
    const before = await countMutations(server);
    const token = (await (await server.signedIn(DEMO.reception)).auth.getSession()).data.session!
      .access_token;
    const response = await server.fetch('/rest/v1/rpc/sync_push', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"client_id": "x", "mutations": [',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'PGRST102', message: 'Empty or invalid json' });
    expect(await countMutations(server)).toBe(before);
  });

  it('refuses a body over the 5 MB REST limit with 413 before running anything', async () => {
    const before = await countMutations(server);
    const token = (await (await server.signedIn(DEMO.reception)).auth.getSession()).data.session!
      .access_token;
    const big = JSON.stringify({ client_id: 'big', mutations: [{ filler: 'x'.repeat(5 * 1024 * 1024) }] });
    const response = await server.fetch('/rest/v1/rpc/sync_push', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: big,
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'PGRST413' });
    expect(await countMutations(server)).toBe(before);
    expect((await server.fetch('/health')).status).toBe(200);
  });

  it('answers forged and expired-format tokens with 401 PGRST301, a missing apikey with 401', async () => {
    const [header, payload] = server.anonKey.split('.');
    const forged = `${header}.${payload}.${Buffer.from('nope').toString('base64url')}`;
    const response = await server.fetch('/rest/v1/rpc/sync_pull', {
      method: 'POST',
      headers: { authorization: `Bearer ${forged}`, 'content-type': 'application/json' },
      body: '{"since":0}',
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('Bearer');
    expect(await response.json()).toMatchObject({ code: 'PGRST301' });
    const noKey = await fetch(`${server.url}/rest/v1/rpc/sync_pull`, { method: 'POST', body: '{"since":0}' });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toEqual({ message: 'No API key found in request' });
  });

  it('refuses methods other than GET, HEAD and POST on RPC with 405 PGRST101', async () => {
    const response = await server.fetch('/rest/v1/rpc/sync_pull', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(405);
    expect(await response.json()).toMatchObject({ code: 'PGRST101' });
  });
});
