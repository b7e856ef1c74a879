import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { DEMO, DEMO_PASSWORD, serverTargets, type TestServer } from '../support/server-harness.ts';

type Json = Record<string, unknown>;

// Findings 4, 5, 6 and 15: sessions that end when they should, as GoTrue ends them, and a sign-up
// route that answers as GoTrue does with sign-ups off.
describe.each(serverTargets())('sessions on $name', (target) => {
  let server: TestServer;
  let service: SupabaseClient;
  let users = 0;

  beforeAll(async () => {
    server = await target.start();
    service = server.client(server.serviceRoleKey);
  });
  afterAll(() => server?.close());

  /** A new staff member (user + active profile) and a signed-in client of it. */
  async function newStaff(role = 'doctor'): Promise<{ id: string; email: string; password: string }> {
    users += 1;
    const email = `sessao${users}@clinica.example`;
    const password = `senha-${users}-segura`;
    const created = await service.auth.admin.createUser({ email, password, email_confirm: true });
    const id = created.data.user!.id;
    await server.db.query(
      `insert into public.profiles (id, full_name, role, email, active) values ($1, $2, $3, $4, true)`,
      [id, `Pessoa ${users}`, role, email],
    );
    return { id, email, password };
  }

  const token = (path: string, body: Json) =>
    server.fetch(`/auth/v1/token?grant_type=${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const signIn = async (email: string, password: string) =>
    (await (await token('password', { email, password })).json()) as Json;
  const refresh = (refreshToken: string) => token('refresh_token', { refresh_token: refreshToken });
  /** What the token may still do: REST, an RPC, Storage and GoTrue's /user, each 'ok' or its status. */
  async function reach(accessToken: string) {
    const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
    const rest = await server.fetch('/rest/v1/patients?select=id&limit=1', { headers });
    const rpc = await server.fetch('/rest/v1/rpc/sync_pull', {
      method: 'POST',
      headers,
      body: JSON.stringify({ since: 0, max_rows: 1 }),
    });
    const storage = await server.fetch('/storage/v1/object/list/clinic-files', {
      method: 'POST',
      headers,
      body: JSON.stringify({ prefix: '' }),
    });
    const user = await server.fetch('/auth/v1/user', { headers });
    const verdict = (r: Response) => (r.status === 200 ? 'ok' : String(r.status));
    return { rest: verdict(rest), rpc: verdict(rpc), storage: verdict(storage), user: verdict(user) };
  }
  const everything = { rest: 'ok', rpc: 'ok', storage: 'ok', user: 'ok' };
  const nothing = { rest: '401', rpc: '401', storage: '400', user: '403' };

  it('issues 15-minute access tokens carrying their session', async () => {
    const session = await signIn(DEMO.doctor, DEMO_PASSWORD);
    expect(session['expires_in']).toBe(900);
    const claims = JSON.parse(
      Buffer.from(String(session['access_token']).split('.')[1]!, 'base64url').toString(),
    ) as Json;
    expect(claims['session_id']).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
  });

  it('a rotated refresh token used after the reuse interval ends the whole family (finding 4)', async () => {
    const person = await newStaff();
    const first = await signIn(person.email, person.password);
    const rotated = (await (await refresh(String(first['refresh_token']))).json()) as Json;
    expect(rotated['refresh_token']).not.toBe(first['refresh_token']);
    expect(await reach(String(rotated['access_token']))).toEqual(everything);
    // Past GoTrue's 10 s reuse interval: the old token comes back, from a thief or a stale copy.
    await server.db.query(
      `update auth.refresh_tokens set updated_at = now() - interval '1 minute' where token = $1`,
      [first['refresh_token']],
    );
    const reused = await refresh(String(first['refresh_token']));
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ code: 'refresh_token_already_used' });
    const successor = await refresh(String(rotated['refresh_token']));
    expect(successor.status).toBe(400);
    expect(await reach(String(rotated['access_token']))).toEqual(nothing);
    // Another session of the same person is not part of that family.
    const other = await signIn(person.email, person.password);
    expect(await reach(String(other['access_token']))).toEqual(everything);
  });

  it('a password change needs the current password or a fresh sign-in, and ends the other sessions (finding 5)', async () => {
    const person = await newStaff();
    const here = await signIn(person.email, person.password);
    const elsewhere = await signIn(person.email, person.password);
    const put = (body: Json) =>
      server.fetch('/auth/v1/user', {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${String(here['access_token'])}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      });
    // Signed in long ago: someone at the unlocked screen may not just set a new password.
    await server.db.query(
      `update auth.sessions set created_at = now() - interval '1 hour' where user_id = $1`,
      [person.id],
    );
    const bare = await put({ password: 'tomada-de-conta' });
    expect(bare.status).toBe(400);
    expect(await bare.json()).toMatchObject({ code: 'reauthentication_needed' });
    const wrong = await put({ password: 'tomada-de-conta', current_password: 'chute' });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ code: 'reauthentication_not_valid' });
    expect((await signIn(person.email, 'tomada-de-conta'))['access_token']).toBeUndefined();
    const right = await put({ password: 'nova-senha-boa', current_password: person.password });
    expect(right.status).toBe(200);
    expect(await reach(String(here['access_token']))).toEqual(everything);
    expect(await reach(String(elsewhere['access_token']))).toEqual(nothing);
    expect((await refresh(String(elsewhere['refresh_token']))).status).toBe(400);
    expect((await signIn(person.email, 'nova-senha-boa'))['access_token']).toEqual(expect.any(String));
    // A fresh sign-in is reauthentication enough, through supabase-js as the app calls it.
    const fresh = server.client();
    expect(
      (await fresh.auth.signInWithPassword({ email: person.email, password: 'nova-senha-boa' })).error,
    ).toBeNull();
    expect((await fresh.auth.updateUser({ password: 'mais-uma-senha' })).error).toBeNull();
  });

  it('logout refuses the token at once on REST, RPC, Storage and /user (finding 6)', async () => {
    const person = await newStaff();
    const client = server.client();
    expect(
      (await client.auth.signInWithPassword({ email: person.email, password: person.password })).error,
    ).toBeNull();
    const accessToken = (await client.auth.getSession()).data.session!.access_token;
    expect(await reach(accessToken)).toEqual(everything);
    expect((await client.auth.signOut({ scope: 'local' })).error).toBeNull();
    expect(await reach(accessToken)).toEqual(nothing);
  });

  it('deleting a user refuses its tokens and deactivates its profile at once (finding 6)', async () => {
    const person = await newStaff();
    const session = await signIn(person.email, person.password);
    expect((await service.auth.admin.deleteUser(person.id)).error).toBeNull();
    expect(await reach(String(session['access_token']))).toEqual(nothing);
    const push = await server.fetch('/rest/v1/rpc/sync_push', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${String(session['access_token'])}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ client_id: 'x', mutations: [] }),
    });
    expect(push.status).toBe(401);
    const profile = await server.db.query<{ active: boolean }>('select active from profiles where id = $1', [
      person.id,
    ]);
    expect(profile.rows[0]?.active).toBe(false);
  });

  it('banning a user ends its sessions, refuses sign-in and deactivates its profile (finding 6)', async () => {
    const person = await newStaff('reception');
    const session = await signIn(person.email, person.password);
    const banned = await service.auth.admin.updateUserById(person.id, { ban_duration: '24h' });
    expect(banned.error).toBeNull();
    expect(banned.data.user?.banned_until).toEqual(expect.any(String));
    expect(await reach(String(session['access_token']))).toEqual(nothing);
    const again = await token('password', { email: person.email, password: person.password });
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ code: 'user_banned' });
    const profile = await server.db.query<{ active: boolean }>('select active from profiles where id = $1', [
      person.id,
    ]);
    expect(profile.rows[0]?.active).toBe(false);
    expect((await service.auth.admin.updateUserById(person.id, { ban_duration: 'none' })).error).toBeNull();
    expect((await signIn(person.email, person.password))['access_token']).toEqual(expect.any(String));
  });

  it('answers POST /signup as GoTrue does with sign-ups off (finding 15)', async () => {
    const before = (await server.db.query<{ n: number }>('select count(*)::int as n from auth.users'))
      .rows[0]!.n;
    const raw = await server.fetch('/auth/v1/signup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'estranho@example.com', password: 'quero-entrar' }),
    });
    expect(raw.status).toBe(422);
    expect(await raw.json()).toMatchObject({
      code: 'signup_disabled',
      msg: 'Signups not allowed for this instance',
    });
    const viaClient = await server
      .client()
      .auth.signUp({ email: 'outro@example.com', password: 'quero-entrar' });
    expect(viaClient.error).toMatchObject({ status: 422, code: 'signup_disabled' });
    const anonymous = await server.client().auth.signInAnonymously();
    expect(anonymous.error).toMatchObject({ status: 422, code: 'anonymous_provider_disabled' });
    const after = (await server.db.query<{ n: number }>('select count(*)::int as n from auth.users')).rows[0]!
      .n;
    expect(after).toBe(before);
    const settings = (await (await server.fetch('/auth/v1/settings')).json()) as Json;
    expect(settings['disable_signup']).toBe(true);
  });

  it('takes sign-ups when configured to', async () => {
    const open = await target.start({ seed: false, signupDisabled: false });
    try {
      const client = open.client();
      const { data, error } = await client.auth.signUp({
        email: 'nova@clinica.example',
        password: 'senha-nova-1',
      });
      expect(error).toBeNull();
      expect(data.session?.access_token).toEqual(expect.any(String));
      const again = await open
        .client()
        .auth.signUp({ email: 'nova@clinica.example', password: 'outra-senha' });
      expect(again.error).toMatchObject({ code: 'user_already_exists' });
    } finally {
      await open.close();
    }
  });
});
