import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, serverTargets, type TestServer } from './support/server-harness.ts';

/**
 * What a Supabase project does to API requests that the product depends on, over real HTTP:
 * the role's statement timeout (anon 3 s, authenticated 8 s, service_role the authenticator's
 * 8 s), and the tombstone purge, which must work as the service role through PostgREST.
 */
describe.each(serverTargets())('Supabase behaviour through the API on $name', (target) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await target.start();
    await server.db.exec(`
      create table public.naps (id bigint generated always as identity primary key, seconds float8);
      create function public.statement_timeout() returns text language sql stable
        as $$ select current_setting('statement_timeout') $$;
      -- Writes a row, then sleeps: a statement that runs too long must take its write with it.
      create function public.nap(seconds float8) returns void language plpgsql volatile as $$
        begin insert into public.naps (seconds) values (seconds); perform pg_sleep(seconds); end $$;
      notify pgrst, 'reload schema';
    `);
  });
  afterAll(() => server?.close());

  const naps = async () =>
    (await server.db.query<{ n: number }>('select count(*)::int as n from public.naps')).rows[0]!.n;

  it('runs each role under its Supabase statement timeout', async () => {
    const doctor = await server.signedIn(DEMO.doctor);
    const service = server.client(server.serviceRoleKey);
    expect((await server.client().rpc('statement_timeout')).data).toBe('3s');
    expect((await doctor.rpc('statement_timeout')).data).toBe('8s');
    expect((await service.rpc('statement_timeout')).data).toBe('8s');
  });

  it('cancels an anon statement after 3 s with PostgREST’s error, and keeps nothing of it', async () => {
    const before = await naps();
    const { error, status } = await server.client().rpc('nap', { seconds: 3.3 });
    expect(status).toBe(500);
    expect(error).toMatchObject({ code: '57014', message: 'canceling statement due to statement timeout' });
    expect(await naps()).toBe(before);
    // The server goes on serving.
    expect((await server.fetch('/health')).status).toBe(200);
  });

  it('lets a signed-in statement run past 3 s, and cancels it past 8 s', async () => {
    const doctor = await server.signedIn(DEMO.doctor);
    const before = await naps();
    expect((await doctor.rpc('nap', { seconds: 3.3 })).error).toBeNull();
    expect(await naps()).toBe(before + 1);
    const { error, status } = await doctor.rpc('nap', { seconds: 8.3 });
    expect(status).toBe(500);
    expect(error).toMatchObject({ code: '57014' });
    expect(await naps()).toBe(before + 1);
  });

  it("rereads the roles' timeouts on NOTIFY pgrst, 'reload config', as PostgREST does", async () => {
    const setAnonTimeout = (value: string) =>
      server.db.exec(`do $$ begin
        execute format('alter role anon in database %I set statement_timeout = %L', current_database(), '${value}');
      end $$`);
    await setAnonTimeout('1500ms');
    try {
      expect((await server.client().rpc('statement_timeout')).data).toBe('3s');
      await server.db.exec(`notify pgrst, 'reload config'`);
      await expect.poll(async () => (await server.client().rpc('statement_timeout')).data).toBe('1500ms');
    } finally {
      await setAnonTimeout('3s');
      await server.db.exec(`notify pgrst, 'reload config'`);
    }
  });

  it('purges tombstones as the service role through PostgREST, and refuses everyone else', async () => {
    const service = server.client(server.serviceRoleKey);
    const { data: created, error: insertError } = await service
      .from('service_categories')
      .insert({ id: randomUUID(), name: 'Categoria para expurgo' })
      .select('id, rev')
      .single<{ id: string; rev: number }>();
    expect(insertError).toBeNull();
    expect((await service.from('service_categories').delete().eq('id', created!.id)).error).toBeNull();

    const { data, error } = await service.rpc('sync_purge_tombstones', { older_than: '0 seconds' });
    expect(error).toBeNull();
    const result = data as { purged: Record<string, number>; purge_horizon: number };
    expect(result.purged['service_categories']).toBe(1);
    expect(result.purge_horizon).toBeGreaterThan(created!.rev);
    const left = await server.db.query('select 1 from service_categories where id = $1', [created!.id]);
    expect(left.rows).toEqual([]);

    const doctor = await server.signedIn(DEMO.doctor);
    expect((await doctor.rpc('sync_purge_tombstones', { older_than: '0 seconds' })).error).toMatchObject({
      code: '42501',
    });
    expect((await server.client().rpc('sync_purge_tombstones', {})).error).toMatchObject({ code: '42501' });
  });
});
