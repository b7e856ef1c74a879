import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverTargets, type TestServer } from './support/server-harness.ts';

/**
 * GoTrue's `POST /admin/users` as the service role uses it to provision staff with a chosen id
 * and an existing bcrypt hash (`id`, `password_hash`), as the remote demo seed does.
 */
describe.each(serverTargets())('Auth admin user creation on $name', (target) => {
  let server: TestServer;
  let hash: string;
  beforeAll(async () => {
    server = await target.start({ seed: false });
    hash = (
      await server.db.query<{ hash: string }>(
        `select extensions.crypt('senha-importada', extensions.gen_salt('bf')) as hash`,
      )
    ).rows[0]!.hash;
  });
  afterAll(() => server?.close());

  const users = async () =>
    (await server.db.query<{ n: number }>('select count(*)::int as n from auth.users')).rows[0]!.n;

  it('keeps the id and the bcrypt hash it is given: the user signs in with that password', async () => {
    const id = randomUUID();
    const admin = server.client(server.serviceRoleKey).auth.admin;
    const { data, error } = await admin.createUser({
      id,
      email: 'importada@clinica.example',
      password_hash: hash,
      email_confirm: true,
      user_metadata: { full_name: 'Importada' },
    });
    expect(error).toBeNull();
    expect(data.user).toMatchObject({
      id,
      email: 'importada@clinica.example',
      user_metadata: { full_name: 'Importada' },
    });
    const signIn = await server
      .client()
      .auth.signInWithPassword({ email: 'importada@clinica.example', password: 'senha-importada' });
    expect(signIn.error).toBeNull();
    expect(signIn.data.user?.id).toBe(id);
  });

  it('refuses what GoTrue refuses, with its codes, and creates nobody', async () => {
    const admin = server.client(server.serviceRoleKey).auth.admin;
    const before = await users();
    const refusals = [
      [
        { password: 'x-123456', password_hash: hash },
        400,
        'Only a password or a password hash should be provided',
      ],
      [
        { password_hash: 'not-a-hash' },
        400,
        'Only bcrypt ($2a$) password hashes are supported by this server',
      ],
      [
        { password_hash: `$2b$${hash.slice(4)}` },
        400,
        'Only bcrypt ($2a$) password hashes are supported by this server',
      ],
      [{ id: 'not-a-uuid', password: 'x-123456' }, 400, 'ID must conform to the uuid v4 format'],
      [{ id: '00000000-0000-0000-0000-000000000000', password: 'x-123456' }, 400, 'ID cannot be a nil uuid'],
    ] as const;
    for (const [attributes, status, message] of refusals) {
      const { error } = await admin.createUser({
        email: `recusada-${randomUUID()}@clinica.example`,
        ...attributes,
      });
      expect(error, JSON.stringify(attributes)).toMatchObject({ status, code: 'validation_failed', message });
    }
    expect(await users()).toBe(before);
  });

  it('refuses an id that is taken (422 user_already_exists), keeping the first user', async () => {
    const admin = server.client(server.serviceRoleKey).auth.admin;
    const id = randomUUID();
    expect(
      (await admin.createUser({ id, email: 'primeira@clinica.example', password: 'senha-123' })).error,
    ).toBeNull();
    const before = await users();
    const { error } = await admin.createUser({ id, email: 'segunda@clinica.example', password: 'senha-456' });
    expect(error).toMatchObject({ status: 422, code: 'user_already_exists' });
    expect(await users()).toBe(before);
    expect((await admin.getUserById(id)).data.user?.email).toBe('primeira@clinica.example');
  });
});
