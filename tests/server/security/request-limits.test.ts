import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { DEMO, serverTargets, type TestServer } from '../support/server-harness.ts';

const patient = 'd0000000-0000-4000-8000-000000000001';
const encounter = 'e1000000-0000-4000-8000-000000000001';

// Findings 7, 8, 10, 11, 12 and 13: each rule holds for every way in, and bad input is a coded
// refusal that changes nothing.
describe.each(serverTargets())('request limits on $name', (target) => {
  let server: TestServer;
  let admin: SupabaseClient;
  let reception: SupabaseClient;
  let receptionToken: string;

  beforeAll(async () => {
    server = await target.start();
    admin = await server.signedIn(DEMO.admin);
    reception = await server.signedIn(DEMO.reception);
    receptionToken = (await reception.auth.getSession()).data.session!.access_token;
  });
  afterAll(() => server?.close());

  /** Sets a tombstone's deleted_at as a backup restore would, without the row triggers. */
  async function deletedDaysAgo(table: string, id: string, days: number) {
    await server.db.transaction(async (tx) => {
      await tx.query(`set local session_replication_role = replica`);
      await tx.query(
        `update public.${table} set deleted_at = now() - make_interval(days => $2) where id = $1`,
        [id, days],
      );
    });
  }

  it('REST cannot undelete outside the restore window that sync_push enforces (finding 7)', async () => {
    const ids = [randomUUID(), randomUUID()];
    for (const id of ids)
      expect(
        (await admin.from('patients').insert({ id, full_name: `Paciente ${id.slice(0, 4)}` })).error,
      ).toBeNull();
    for (const id of ids) expect((await admin.from('patients').delete().eq('id', id)).error).toBeNull();
    await deletedDaysAgo('patients', ids[0]!, 8);
    const late = await admin.from('patients').update({ deleted_at: null }).eq('id', ids[0]!);
    expect(late.status).toBe(400);
    expect(late.error).toMatchObject({
      code: '23514',
      message: expect.stringMatching(/^restore_window_expired: /),
    });
    const still = await server.db.query<{ deleted_at: string | null }>(
      'select deleted_at from patients where id = $1',
      [ids[0]],
    );
    expect(still.rows[0]?.deleted_at).not.toBeNull();
    // Within the window an undelete is an ordinary edit.
    await deletedDaysAgo('patients', ids[1]!, 2);
    expect((await admin.from('patients').update({ deleted_at: null }).eq('id', ids[1]!)).error).toBeNull();
    // And the SQL console is held to it too.
    await expect(
      server.db.query(`update patients set deleted_at = null where id = $1`, [ids[0]]),
    ).rejects.toThrow(/restore_window_expired/);
  });

  it('sync_push answers a hidden encounter as a missing one (finding 8)', async () => {
    const push = async (id: string) => {
      const { data, error } = await reception.rpc('sync_push', {
        client_id: 'probe',
        mutations: [
          {
            mid: randomUUID(),
            table: 'encounters',
            op: 'update',
            id,
            base_rev: 1,
            data: { record: {} },
            base: {},
          },
          { mid: randomUUID(), table: 'encounters', op: 'delete', id, base_rev: 1, base: {} },
        ],
      });
      expect(error).toBeNull();
      return (data as { results: Record<string, unknown>[] }).results.map(({ mid: _mid, ...rest }) => ({
        ...rest,
        message: String(rest['message']).replace(id, '<id>'),
      }));
    };
    const real = await push(encounter);
    const invented = await push(randomUUID());
    expect(real).toEqual(invented);
    expect(real[0]).toMatchObject({ status: 'conflict', row: null });
  });

  it('caps signed URLs at 7 days (finding 10)', async () => {
    const key = `patients/${patient}/assinado.png`;
    expect(
      (await admin.storage.from('clinic-files').upload(key, new Blob(['x'], { type: 'image/png' }))).error,
    ).toBeNull();
    for (const expiresIn of [3e11, 1e300, 7 * 24 * 3600 + 1]) {
      const signed = await admin.storage.from('clinic-files').createSignedUrl(key, expiresIn);
      expect(signed.error, String(expiresIn)).toMatchObject({
        statusCode: '400',
        message: expect.stringMatching(/604800/),
      });
    }
    expect((await admin.storage.from('clinic-files').createSignedUrl(key, 7 * 24 * 3600)).error).toBeNull();
  });

  it('answers an upload started by the service role only to the service role (finding 11)', async () => {
    const created = await server.fetch('/storage/v1/upload/resumable', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${server.serviceRoleKey}`,
        'tus-resumable': '1.0.0',
        'upload-length': '6',
        'upload-metadata': [
          `bucketName ${Buffer.from('clinic-files').toString('base64')}`,
          `objectName ${Buffer.from(`patients/${patient}/servico.pdf`).toString('base64')}`,
          `contentType ${Buffer.from('application/pdf').toString('base64')}`,
        ].join(','),
      },
    });
    expect(created.status).toBe(201);
    const location = created.headers.get('location')!;
    const path = new URL(location, server.url).pathname;
    const ask = (method: string, key: string) =>
      server.fetch(path, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          'tus-resumable': '1.0.0',
          ...(method === 'PATCH'
            ? { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }
            : {}),
        },
        ...(method === 'PATCH' ? { body: 'abc' } : {}),
      });
    for (const method of ['HEAD', 'PATCH', 'DELETE']) {
      expect((await ask(method, server.anonKey)).status, method).toBe(403);
      expect((await ask(method, receptionToken)).status, method).toBe(403);
    }
    expect((await ask('HEAD', server.serviceRoleKey)).status).toBe(200);
    expect((await ask('DELETE', server.serviceRoleKey)).status).toBe(204);
  });

  it('answers deep nesting with a coded 400 and a stated limit (finding 12)', async () => {
    const deepOr = `${'or('.repeat(3000)}id.eq.1${')'.repeat(3000)}`;
    const filter = await server.fetch(`/rest/v1/patients?or=${encodeURIComponent(deepOr.slice(2))}`, {
      headers: { authorization: `Bearer ${receptionToken}` },
    });
    expect(filter.status).toBe(400);
    expect(await filter.json()).toMatchObject({
      code: 'PGRST100',
      details: expect.stringMatching(/at most 16 levels/),
    });
    const deepJson = `${'['.repeat(20000)}${']'.repeat(20000)}`;
    const rpc = await server.fetch('/rest/v1/rpc/sync_push', {
      method: 'POST',
      headers: { authorization: `Bearer ${receptionToken}`, 'content-type': 'application/json' },
      body: `{"client_id":"x","mutations":${deepJson}}`,
    });
    expect(rpc.status).toBe(400);
    expect(await rpc.json()).toMatchObject({
      code: 'PGRST102',
      details: expect.stringMatching(/deeper than 64 levels/),
    });
    const auth = await server.fetch('/auth/v1/token?grant_type=password', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"email":${deepJson}}`,
    });
    expect(auth.status).toBe(400);
    expect(await auth.json()).toMatchObject({ code: 'bad_json' });
    // Nesting an app really sends still works: 2 levels of or/and.
    const normal = await reception.from('patients').select('id').or('and(full_name.eq.x,id.eq.1),id.eq.2');
    expect(normal.error?.code).not.toBe('PGRST100');
    expect((await server.fetch('/health')).status).toBe(200);
  });

  it('refuses a cacheControl with CR/LF at upload, so later downloads keep working (finding 13)', async () => {
    const key = `patients/${patient}/cache.png`;
    const form = new FormData();
    form.append('cacheControl', '3600\r\nSet-Cookie: x=1');
    form.append('', new Blob(['png'], { type: 'image/png' }), 'cache.png');
    const refused = await server.fetch(`/storage/v1/object/clinic-files/${key}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${receptionToken}` },
      body: form,
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ code: 'InvalidCacheControl' });
    expect((await reception.storage.from('clinic-files').exists(key)).data).toBe(false);
    const resumable = await server.fetch('/storage/v1/upload/resumable', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${receptionToken}`,
        'tus-resumable': '1.0.0',
        'upload-length': '3',
        'upload-metadata': [
          `bucketName ${Buffer.from('clinic-files').toString('base64')}`,
          `objectName ${Buffer.from(key).toString('base64')}`,
          `contentType ${Buffer.from('image/png').toString('base64')}`,
          `cacheControl ${Buffer.from('60\r\nX: y').toString('base64')}`,
        ].join(','),
      },
    });
    expect(resumable.status).toBe(400);
    expect(await resumable.json()).toMatchObject({ code: 'InvalidCacheControl' });
    // An object stored before the check still downloads, with a harmless Cache-Control.
    expect(
      (await reception.storage.from('clinic-files').upload(key, new Blob(['png'], { type: 'image/png' })))
        .error,
    ).toBeNull();
    await server.db.query(
      `update storage.objects set metadata = jsonb_set(metadata, '{cacheControl}', to_jsonb(E'max-age=1\\r\\nX: y'::text)) where name = $1`,
      [key],
    );
    const download = await reception.storage.from('clinic-files').download(key);
    expect(download.error).toBeNull();
  });
});
