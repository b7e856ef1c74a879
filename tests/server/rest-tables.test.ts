import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { DEMO, serverTargets, type TestServer } from './support/server-harness.ts';

/**
 * A probe table with owner-based RLS, so the PostgREST grammar and the RLS outcomes are tested on
 * one small, known data set; the clinic tables are checked for role visibility at the end.
 */
const PROBE = `
  create table public.rest_probe (
    id integer primary key,
    name text not null,
    qty integer check (qty >= 0),
    tags text[],
    data jsonb,
    done boolean default false,
    owner uuid default auth.uid()
  );
  alter table public.rest_probe enable row level security;
  create policy probe_read on public.rest_probe for select to authenticated using (true);
  create policy probe_insert on public.rest_probe for insert to authenticated with check (owner = auth.uid());
  create policy probe_update on public.rest_probe for update to authenticated using (owner = auth.uid()) with check (owner = auth.uid());
  create policy probe_delete on public.rest_probe for delete to authenticated using (owner = auth.uid());
`;

const ROWS = [
  { id: 1, name: 'Ana', qty: 5, tags: ['a', 'b'], data: { city: 'São Paulo', n: 1 }, done: false },
  { id: 2, name: 'Bruno', qty: 0, tags: ['b'], data: { city: 'Tegucigalpa', n: 2 }, done: true },
  { id: 3, name: 'carla', qty: null, tags: [], data: { city: 'Campinas', n: 3 }, done: false },
  { id: 4, name: 'Diego', qty: 12, tags: ['c'], data: null, done: true },
];

describe.each(serverTargets())('PostgREST tables on $name', (target) => {
  let server: TestServer;
  let doctor: SupabaseClient;
  let nurse: SupabaseClient;
  const probeCount = async () =>
    (await server.db.query<{ n: number }>('select count(*)::int as n from public.rest_probe')).rows[0]!.n;

  beforeAll(async () => {
    server = await target.start();
    await server.db.exec(PROBE);
    doctor = await server.signedIn(DEMO.doctor);
    nurse = await server.signedIn(DEMO.nurse);
  });
  afterAll(() => server?.close());
  beforeEach(async () => {
    await server.db.exec('delete from public.rest_probe');
    const { error } = await doctor.from('rest_probe').insert(ROWS);
    expect(error).toBeNull();
  });

  it('selects columns with aliases, casts and JSON paths', async () => {
    const { data, error } = await doctor
      .from('rest_probe')
      .select('id,label:name,qty::text,city:data->>city')
      .eq('id', 1);
    expect(error).toBeNull();
    expect(data).toEqual([{ id: 1, label: 'Ana', qty: '5', city: 'São Paulo' }]);
  });

  it('applies eq, neq, gt, gte, lt, lte, like, ilike, in, is, not, or and contains', async () => {
    const ids = async (query: PromiseLike<{ data: { id: number }[] | null; error: unknown }>) => {
      const { data, error } = await query;
      expect(error).toBeNull();
      return data!.map((row) => row.id).sort();
    };
    const from = () => doctor.from('rest_probe').select('id');
    expect(await ids(from().eq('name', 'Ana'))).toEqual([1]);
    expect(await ids(from().neq('name', 'Ana'))).toEqual([2, 3, 4]);
    expect(await ids(from().gt('qty', 0))).toEqual([1, 4]);
    expect(await ids(from().gte('qty', 5))).toEqual([1, 4]);
    expect(await ids(from().lt('qty', 5))).toEqual([2]);
    expect(await ids(from().lte('qty', 5))).toEqual([1, 2]);
    expect(await ids(from().like('name', '%a%'))).toEqual([1, 3]);
    expect(await ids(from().ilike('name', 'c%'))).toEqual([3]);
    expect(await ids(from().in('name', ['Ana', 'Diego', 'x,y']))).toEqual([1, 4]);
    expect(await ids(from().is('qty', null))).toEqual([3]);
    expect(await ids(from().not('qty', 'is', null))).toEqual([1, 2, 4]);
    expect(await ids(from().or('qty.eq.0,name.eq.carla'))).toEqual([2, 3]);
    expect(await ids(from().or('and(done.is.true,qty.gt.5),id.eq.1'))).toEqual([1, 4]);
    expect(await ids(from().contains('tags', ['b']))).toEqual([1, 2]);
    expect(await ids(from().eq('data->>city', 'Campinas'))).toEqual([3]);
    expect(await ids(from().is('done', true))).toEqual([2, 4]);
  });

  it('orders, pages and counts as PostgREST does (Content-Range, 206 for a partial page)', async () => {
    const page = await doctor
      .from('rest_probe')
      .select('id', { count: 'exact' })
      .order('qty', { ascending: false, nullsFirst: true })
      .range(0, 1);
    expect(page.error).toBeNull();
    expect(page.data).toEqual([{ id: 3 }, { id: 4 }]);
    expect(page.count).toBe(4);
    expect(page.status).toBe(206);
    const raw = await server.fetch('/rest/v1/rest_probe?select=id&order=id.asc', {
      headers: {
        authorization: `Bearer ${(await doctor.auth.getSession()).data.session!.access_token}`,
        range: '1-2',
        prefer: 'count=exact',
      },
    });
    expect(raw.status).toBe(206);
    expect(raw.headers.get('content-range')).toBe('1-2/4');
    expect(await raw.json()).toEqual([{ id: 2 }, { id: 3 }]);
    const head = await doctor.from('rest_probe').select('*', { count: 'exact', head: true }).eq('done', true);
    expect(head.count).toBe(2);
    const beyond = await doctor.from('rest_probe').select('id', { count: 'exact' }).range(10, 12);
    expect(beyond.status).toBe(416);
    expect(beyond.error?.code).toBe('PGRST103');
  });

  it('returns a bare object for single() and 406 PGRST116 when the row count is not one', async () => {
    const one = await doctor.from('rest_probe').select('id,name').eq('id', 2).single();
    expect(one.data).toEqual({ id: 2, name: 'Bruno' });
    const none = await doctor.from('rest_probe').select('id').eq('id', 99).single();
    expect(none.status).toBe(406);
    expect(none.error).toMatchObject({ code: 'PGRST116', details: 'The result contains 0 rows' });
  });

  it('inserts with and without representation, upserts with merge and ignore, updates and deletes', async () => {
    const minimal = await doctor.from('rest_probe').insert({ id: 10, name: 'Elisa' });
    expect(minimal).toMatchObject({ status: 201, data: null, error: null });
    const represented = await doctor
      .from('rest_probe')
      .insert([
        { id: 11, name: 'Fabio' },
        { id: 12, name: 'Gil', qty: 3 },
      ])
      .select('id,name,qty');
    expect(represented.status).toBe(201);
    expect(represented.data).toEqual([
      { id: 11, name: 'Fabio', qty: null },
      { id: 12, name: 'Gil', qty: 3 },
    ]);
    const merged = await doctor.from('rest_probe').upsert({ id: 1, name: 'Ana Maria' }).select('id,name,qty');
    expect(merged.data).toEqual([{ id: 1, name: 'Ana Maria', qty: 5 }]);
    const ignored = await doctor
      .from('rest_probe')
      .upsert({ id: 2, name: 'ignored' }, { ignoreDuplicates: true })
      .select('id');
    expect(ignored.data).toEqual([]);
    const onConflict = await doctor
      .from('rest_probe')
      .upsert({ id: 3, name: 'Carla' }, { onConflict: 'id' })
      .select('name')
      .single();
    expect(onConflict.data).toEqual({ name: 'Carla' });
    const updated = await doctor.from('rest_probe').update({ qty: 7 }).eq('id', 4);
    expect(updated.status).toBe(204);
    const updatedRows = await doctor
      .from('rest_probe')
      .update({ done: false })
      .in('id', [2, 4])
      .select('id,done,qty');
    expect(updatedRows.status).toBe(200);
    expect(updatedRows.data).toEqual(
      expect.arrayContaining([
        { id: 2, done: false, qty: 0 },
        { id: 4, done: false, qty: 7 },
      ]),
    );
    const deleted = await doctor.from('rest_probe').delete().eq('id', 10).select('id');
    expect(deleted.data).toEqual([{ id: 10 }]);
    const deletedQuietly = await doctor.from('rest_probe').delete().eq('id', 11);
    expect(deletedQuietly.status).toBe(204);
    expect(await probeCount()).toBe(5);
  });

  it('fills absent keys with NULL by default and with column defaults under missing=default', async () => {
    const nulls = await doctor
      .from('rest_probe')
      .insert([
        { id: 50, name: 'a', done: true },
        { id: 51, name: 'b' },
      ])
      .select('id,done');
    expect(nulls.data).toEqual([
      { id: 50, done: true },
      { id: 51, done: null },
    ]);
    const defaults = await doctor
      .from('rest_probe')
      .insert(
        [
          { id: 52, name: 'c', done: true },
          { id: 53, name: 'd' },
        ],
        { defaultToNull: false },
      )
      .select('id,done');
    expect(defaults.error).toBeNull();
    expect(defaults.data).toEqual(
      expect.arrayContaining([
        { id: 52, done: true },
        { id: 53, done: false },
      ]),
    );
  });

  it('lets RLS decide: anon is refused with 401, another user with 403, invisible rows are untouched', async () => {
    const anon = await server.client().from('rest_probe').insert({ id: 20, name: 'anon' });
    expect(anon.status).toBe(401);
    expect(anon.error).toMatchObject({ code: '42501' });
    const forged = await nurse
      .from('rest_probe')
      .insert({ id: 21, name: 'nurse', owner: (await doctor.auth.getUser()).data.user!.id });
    expect(forged.status).toBe(403);
    expect(forged.error).toMatchObject({
      code: '42501',
      message: 'new row violates row-level security policy for table "rest_probe"',
    });
    const foreignUpdate = await nurse.from('rest_probe').update({ name: 'hijacked' }).eq('id', 1).select();
    expect(foreignUpdate.data).toEqual([]);
    expect((await doctor.from('rest_probe').select('name').eq('id', 1).single()).data).toEqual({
      name: 'Ana',
    });
    expect(await probeCount()).toBe(4);
  });

  it('answers bad requests in PostgREST shape and changes nothing', async () => {
    const unknownColumn = await doctor.from('rest_probe').select('nope');
    expect(unknownColumn).toMatchObject({
      status: 400,
      error: { code: '42703', message: 'column rest_probe.nope does not exist' },
    });
    const unknownFilter = await doctor.from('rest_probe').select('id').eq('nope', 1);
    expect(unknownFilter.error?.code).toBe('42703');
    const unknownBodyColumn = await doctor.from('rest_probe').insert({ id: 30, name: 'x', nope: 1 });
    expect(unknownBodyColumn).toMatchObject({
      status: 400,
      error: {
        code: 'PGRST204',
        message: "Could not find the 'nope' column of 'rest_probe' in the schema cache",
      },
    });
    const unknownTable = await doctor.from('no_such_table').select();
    expect(unknownTable).toMatchObject({
      status: 404,
      error: {
        code: 'PGRST205',
        message: "Could not find the table 'public.no_such_table' in the schema cache",
      },
    });
    const badType = await doctor.from('rest_probe').insert({ id: 31, name: 'x', qty: 'many' });
    expect(badType).toMatchObject({ status: 400, error: { code: '22P02' } });
    const check = await doctor.from('rest_probe').insert({ id: 32, name: 'x', qty: -1 });
    expect(check).toMatchObject({ status: 400, error: { code: '23514' } });
    const notNull = await doctor.from('rest_probe').insert({ id: 33 });
    expect(notNull).toMatchObject({ status: 400, error: { code: '23502' } });
    const duplicate = await doctor.from('rest_probe').insert({ id: 1, name: 'again' });
    expect(duplicate).toMatchObject({ status: 409, error: { code: '23505' } });
    const unfiltered = await doctor.from('rest_probe').delete().select();
    expect(unfiltered).toMatchObject({
      status: 400,
      error: { code: '21000', message: 'DELETE requires a WHERE clause' },
    });
    const badOperator = await doctor.from('rest_probe').select('id').filter('qty', 'bogus', 1);
    expect(badOperator).toMatchObject({ status: 400, error: { code: 'PGRST100' } });
    const otherSchema = await doctor.schema('auth').from('users').select();
    expect(otherSchema).toMatchObject({ status: 406, error: { code: 'PGRST106' } });
    const token = (await doctor.auth.getSession()).data.session!.access_token;
    const malformed = await server.fetch('/rest/v1/rest_probe', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '[{"id": 40,',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'PGRST102' });
    const injectedCast = await server.fetch(
      `/rest/v1/rest_probe?select=${encodeURIComponent('qty::int from pg_roles')}`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    expect(injectedCast.status).toBe(400);
    expect(await injectedCast.json()).toMatchObject({ code: 'PGRST100' });
    const unknownRoute = await server.fetch('/rest/v1/rest_probe/extra');
    expect(unknownRoute.status).toBe(404);
    expect(await probeCount()).toBe(4);
    expect((await doctor.from('rest_probe').select('name').eq('id', 1).single()).data).toEqual({
      name: 'Ana',
    });
  });

  it('exposes the request to SQL as PostgREST does: claims, method, path and headers', async () => {
    await server.db.exec(`
      create or replace function public.request_echo() returns jsonb language sql stable as $$
        select jsonb_build_object(
          'sub', auth.uid(), 'role', auth.role(), 'method', current_setting('request.method', true),
          'path', current_setting('request.path', true),
          'device', current_setting('request.headers', true)::jsonb ->> 'x-device-id')
      $$;
      notify pgrst, 'reload schema';`);
    const token = (await doctor.auth.getSession()).data.session!.access_token;
    const call = () =>
      server.fetch('/rest/v1/rpc/request_echo', {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'x-device-id': 'tablet-7',
        },
        body: '{}',
      });
    let response = await call();
    // The reload notification arrives asynchronously; the next request after it sees the function.
    for (let tries = 0; response.status === 404 && tries < 50; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      response = await call();
    }
    expect(await response.json()).toEqual({
      sub: (await doctor.auth.getUser()).data.user!.id,
      role: 'authenticated',
      method: 'POST',
      path: '/rest/v1/rpc/request_echo',
      device: 'tablet-7',
    });
  });

  it('rolls a write back when single() gets more than one row', async () => {
    const result = await doctor
      .from('rest_probe')
      .update({ name: 'same' })
      .in('id', [1, 2])
      .select()
      .single();
    expect(result.status).toBe(406);
    expect((await doctor.from('rest_probe').select('name').eq('id', 1).single()).data).toEqual({
      name: 'Ana',
    });
  });

  it('shows clinic tables per role: encounters to the doctor, not to reception', async () => {
    const reception = await server.signedIn(DEMO.reception);
    const forDoctor = await doctor.from('encounters').select('id').limit(1);
    expect(forDoctor.data).toHaveLength(1);
    const forReception = await reception.from('encounters').select('id').limit(1);
    expect(forReception.error).toBeNull();
    expect(forReception.data).toEqual([]);
    const patients = await reception.from('patients').select('id', { count: 'exact', head: true });
    expect(patients.count).toBeGreaterThan(0);
    const anonPatients = await server.client().from('patients').select('id');
    expect(anonPatients.data ?? []).toEqual([]);
  });
});
