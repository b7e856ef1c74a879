import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, DEMO_PASSWORD, serverTargets, sleep, type TestServer } from './support/server-harness.ts';

describe.each(serverTargets())('Auth on $name', (target) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await target.start();
  });
  afterAll(() => server?.close());

  it('signs in with the seeded password and returns a GoTrue session', async () => {
    const client = server.client();
    const { data, error } = await client.auth.signInWithPassword({
      email: DEMO.doctor,
      password: DEMO_PASSWORD,
    });
    expect(error).toBeNull();
    expect(data.session?.token_type).toBe('bearer');
    expect(data.session?.expires_in).toBe(900);
    expect(data.user?.email).toBe(DEMO.doctor);
    const claims = JSON.parse(
      Buffer.from(data.session!.access_token.split('.')[1]!, 'base64url').toString(),
    ) as Record<string, unknown>;
    expect(claims).toMatchObject({ role: 'authenticated', aud: 'authenticated', sub: data.user!.id });
    const user = await client.auth.getUser();
    expect(user.data.user?.id).toBe(data.user!.id);
  });

  it("answers GoTrue's health check behind the apikey, without a session", async () => {
    const health = await server.fetch('/auth/v1/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ name: 'GoTrue' });
    const withoutKey = await fetch(`${server.url}/auth/v1/health`);
    expect(withoutKey.status).toBe(401);
  });

  it('rejects a wrong password with invalid_credentials and writes no session', async () => {
    const before = await server.db.query<{ n: number }>('select count(*)::int as n from auth.sessions');
    const { error } = await server
      .client()
      .auth.signInWithPassword({ email: DEMO.doctor, password: 'wrong' });
    expect(error).toMatchObject({
      status: 400,
      code: 'invalid_credentials',
      message: 'Invalid login credentials',
    });
    const after = await server.db.query<{ n: number }>('select count(*)::int as n from auth.sessions');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('rotates refresh tokens: the new one works, an unknown one is refused', async () => {
    const client = await server.signedIn(DEMO.nurse);
    const first = (await client.auth.getSession()).data.session!;
    const refreshed = await client.auth.refreshSession();
    expect(refreshed.error).toBeNull();
    expect(refreshed.data.session!.refresh_token).not.toBe(first.refresh_token);
    const again = await client.auth.refreshSession();
    expect(again.error).toBeNull();
    const unknown = await server.fetch('/auth/v1/token?grant_type=refresh_token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: 'not-a-token' }),
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ code: 'refresh_token_not_found' });
  });

  it('answers a just-rotated token with its successor (reuse interval) instead of signing the user out', async () => {
    const client = await server.signedIn(DEMO.billing);
    const old = (await client.auth.getSession()).data.session!.refresh_token;
    const post = () =>
      server.fetch('/auth/v1/token?grant_type=refresh_token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refresh_token: old }),
      });
    const first = (await (await post()).json()) as { refresh_token: string };
    const retry = (await (await post()).json()) as { refresh_token: string };
    expect(retry.refresh_token).toBe(first.refresh_token);
  });

  it('updates the signed-in user: a new password and merged metadata; email changes are refused', async () => {
    const admin = server.client(server.serviceRoleKey).auth.admin;
    await admin.createUser({ email: 'troca@clinica.example', password: 'senha-antiga', email_confirm: true });
    const client = server.client();
    await client.auth.signInWithPassword({ email: 'troca@clinica.example', password: 'senha-antiga' });
    const updated = await client.auth.updateUser({ password: 'senha-nova-123', data: { locale: 'es' } });
    expect(updated.error).toBeNull();
    expect(updated.data.user?.user_metadata).toMatchObject({ locale: 'es' });
    const weak = await client.auth.updateUser({ password: '123' });
    expect(weak.error).toMatchObject({ status: 422, code: 'weak_password' });
    const email = await client.auth.updateUser({ email: 'outra@clinica.example' });
    expect(email.error?.status).toBe(422);
    const old = await server
      .client()
      .auth.signInWithPassword({ email: 'troca@clinica.example', password: 'senha-antiga' });
    expect(old.error?.code).toBe('invalid_credentials');
    const fresh = await server
      .client()
      .auth.signInWithPassword({ email: 'troca@clinica.example', password: 'senha-nova-123' });
    expect(fresh.error).toBeNull();
  });

  it('logs out: the session and its refresh tokens stop working', async () => {
    const client = await server.signedIn(DEMO.reception);
    const session = (await client.auth.getSession()).data.session!;
    expect((await client.auth.signOut()).error).toBeNull();
    const user = await server.fetch('/auth/v1/user', {
      headers: { authorization: `Bearer ${session.access_token}` },
    });
    expect(user.status).toBe(403);
    expect(await user.json()).toMatchObject({ code: 'session_not_found' });
    const refresh = await server.fetch('/auth/v1/token?grant_type=refresh_token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: session.refresh_token }),
    });
    expect(refresh.status).toBe(400);
  });

  it('lets the service role create, list and delete users; the new user can sign in', async () => {
    const admin = server.client(server.serviceRoleKey).auth.admin;
    const created = await admin.createUser({
      email: 'nova@clinica.example',
      password: 'segredo-123',
      email_confirm: true,
      user_metadata: { name: 'Nova' },
    });
    expect(created.error).toBeNull();
    expect(created.data.user).toMatchObject({
      email: 'nova@clinica.example',
      user_metadata: { name: 'Nova' },
    });
    const duplicate = await admin.createUser({ email: 'nova@clinica.example', password: 'x' });
    expect(duplicate.error).toMatchObject({ status: 422, code: 'email_exists' });
    const list = await admin.listUsers({ page: 1, perPage: 100 });
    expect(list.data.users.map((u) => u.email)).toContain('nova@clinica.example');
    const signIn = await server
      .client()
      .auth.signInWithPassword({ email: 'nova@clinica.example', password: 'segredo-123' });
    expect(signIn.error).toBeNull();
    expect((await admin.deleteUser(created.data.user!.id)).error).toBeNull();
    const gone = await server
      .client()
      .auth.signInWithPassword({ email: 'nova@clinica.example', password: 'segredo-123' });
    expect(gone.error?.code).toBe('invalid_credentials');
  });

  it('refuses the admin API to the anon key and to signed-in staff (403 not_admin)', async () => {
    const anon = await server.client().auth.admin.listUsers();
    expect(anon.error).toMatchObject({ status: 403, code: 'not_admin' });
    const staff = await server.fetch('/auth/v1/admin/users', {
      headers: {
        authorization: `Bearer ${(await (await server.signedIn(DEMO.admin)).auth.getSession()).data.session!.access_token}`,
      },
    });
    expect(staff.status).toBe(403);
  });

  it('answers missing and forged tokens with GoTrue codes, and requests without an apikey with 401', async () => {
    const missing = await server.fetch('/auth/v1/user');
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ code: 'no_authorization' });
    const forged = await server.fetch('/auth/v1/user', {
      headers: {
        authorization: `Bearer ${forge({ role: 'authenticated', sub: '00000000-0000-4000-8000-000000000000' })}`,
      },
    });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ code: 'bad_jwt' });
    const noKey = await fetch(`${server.url}/auth/v1/user`);
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toEqual({ message: 'No API key found in request' });
    const wrongKey = await fetch(`${server.url}/auth/v1/user`, {
      headers: { apikey: forge({ role: 'anon' }) },
    });
    expect(wrongKey.status).toBe(401);
  });

  it('answers malformed JSON with bad_json and an unknown auth route with 404', async () => {
    const bad = await server.fetch('/auth/v1/token?grant_type=password', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'bad_json' });
    const unknown = await server.fetch('/auth/v1/nowhere');
    expect(unknown.status).toBe(404);
  });
});

describe.each(serverTargets())('Access-token expiry on $name', (target) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await target.start({ seed: false, accessTokenSeconds: 1 });
    await server.client(server.serviceRoleKey).auth.admin.createUser({
      email: 'curta@clinica.example',
      password: 'senha-curta',
      email_confirm: true,
    });
  });
  afterAll(() => server?.close());

  it('rejects an expired access token (REST 401 PGRST303, /user 403 bad_jwt); refreshing restores access', async () => {
    const client = server.client();
    const { data } = await client.auth.signInWithPassword({
      email: 'curta@clinica.example',
      password: 'senha-curta',
    });
    const token = data.session!.access_token;
    // PostgREST allows 30 s of clock skew; wait past it with a 1 s token lifetime.
    await sleep(31_500);
    const rest = await server.fetch('/rest/v1/rpc/sync_pull', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ since: 0 }),
    });
    expect(rest.status).toBe(401);
    expect(await rest.json()).toMatchObject({ code: 'PGRST303', message: 'JWT expired' });
    const user = await server.fetch('/auth/v1/user', { headers: { authorization: `Bearer ${token}` } });
    expect(user.status).toBe(403);
    const refreshed = await client.auth.refreshSession();
    expect(refreshed.error).toBeNull();
    expect((await client.rpc('sync_pull', { since: 0 })).error).toBeNull();
  }, 60_000);
});

/** A token signed with a secret the server never had. */
function forge(claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ ...claims, exp: Math.floor(Date.now() / 1000) + 3600 })}.${Buffer.from('forged-signature').toString('base64url')}`;
}
