import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { serverTargets, sleep, type TestServer } from './support/server-harness.ts';

/** Private bucket rules as a clinic project would write them: staff see and manage their own uploads. */
const POLICIES = `
  create policy own_read on storage.objects for select to authenticated using (bucket_id = 'exams' and owner = auth.uid());
  create policy own_insert on storage.objects for insert to authenticated with check (bucket_id = 'exams' and owner = auth.uid());
  create policy own_update on storage.objects for update to authenticated using (bucket_id = 'exams' and owner = auth.uid());
  create policy own_delete on storage.objects for delete to authenticated using (bucket_id = 'exams' and owner = auth.uid());
`;

const UPLOAD_LIMIT = 256 * 1024;

describe.each(serverTargets())('Storage on $name', (target) => {
  let server: TestServer;
  let service: SupabaseClient;
  let ana: SupabaseClient;
  let bruno: SupabaseClient;
  const objectCount = async () =>
    (await server.db.query<{ n: number }>('select count(*)::int as n from storage.objects')).rows[0]!.n;
  const tokenOf = async (client: SupabaseClient) =>
    (await client.auth.getSession()).data.session!.access_token;

  beforeAll(async () => {
    server = await target.start({ seed: false, storageBodyLimit: UPLOAD_LIMIT });
    await server.db.exec(POLICIES);
    service = server.client(server.serviceRoleKey);
    const user = async (email: string) => {
      await service.auth.admin.createUser({ email, password: 'storage-pw', email_confirm: true });
      const client = server.client();
      const { error } = await client.auth.signInWithPassword({ email, password: 'storage-pw' });
      if (error) throw error;
      return client;
    };
    ana = await user('ana@clinica.example');
    bruno = await user('bruno@clinica.example');
    expect((await service.storage.createBucket('exams', { public: false })).error).toBeNull();
    expect(
      (await service.storage.createBucket('logos', { public: true, allowedMimeTypes: ['image/*'] })).error,
    ).toBeNull();
  });
  afterAll(() => server?.close());

  it('creates, gets and lists buckets; a duplicate is 409 in Storage shape', async () => {
    const bucket = await service.storage.getBucket('exams');
    expect(bucket.data).toMatchObject({ id: 'exams', name: 'exams', public: false });
    const list = await service.storage.listBuckets();
    expect(list.data?.map((b) => b.id)).toEqual(expect.arrayContaining(['exams', 'logos']));
    const duplicate = await service.storage.createBucket('exams');
    expect(duplicate.error).toMatchObject({
      status: 400,
      statusCode: '409',
      message: 'The resource already exists',
    });
    const missing = await service.storage.getBucket('nope');
    expect(missing.error).toMatchObject({ statusCode: '404' });
  });

  it('updates, empties and deletes a bucket; a non-empty bucket cannot be deleted', async () => {
    expect((await service.storage.createBucket('scratch', { public: false })).error).toBeNull();
    expect(
      (await service.storage.updateBucket('scratch', { public: true, fileSizeLimit: 1024 })).error,
    ).toBeNull();
    expect((await service.storage.getBucket('scratch')).data).toMatchObject({
      public: true,
      file_size_limit: 1024,
    });
    expect((await service.storage.from('scratch').upload('a.txt', 'a')).error).toBeNull();
    const overBucketLimit = await service.storage.from('scratch').upload('big.txt', 'x'.repeat(2048));
    expect(overBucketLimit.error).toMatchObject({ statusCode: '413', code: 'EntityTooLarge' });
    const notEmpty = await service.storage.deleteBucket('scratch');
    expect(notEmpty.error).toMatchObject({ statusCode: '409' });
    expect((await service.storage.emptyBucket('scratch')).error).toBeNull();
    expect((await service.storage.from('scratch').exists('a.txt')).data).toBe(false);
    expect((await service.storage.deleteBucket('scratch')).error).toBeNull();
    expect((await service.storage.getBucket('scratch')).error).toMatchObject({ statusCode: '404' });
    const byStaff = await ana.storage.createBucket('mine');
    expect(byStaff.error).toMatchObject({ statusCode: '403' });
  });

  it('round-trips bytes through multipart and raw uploads, with info, exists and download', async () => {
    const bytes = Uint8Array.from({ length: 4096 }, (_, i) => (i * 31) % 256);
    const multipart = await ana.storage
      .from('exams')
      .upload('2026/raio x.bin', new Blob([bytes], { type: 'application/octet-stream' }));
    expect(multipart.error).toBeNull();
    expect(multipart.data).toMatchObject({ path: '2026/raio x.bin', fullPath: 'exams/2026/raio x.bin' });
    const raw = await ana.storage
      .from('exams')
      .upload('2026/laudo.txt', 'laudo: normal', { contentType: 'text/plain', cacheControl: '60' });
    expect(raw.error).toBeNull();
    const downloaded = await ana.storage.from('exams').download('2026/raio x.bin');
    expect(new Uint8Array(await downloaded.data!.arrayBuffer())).toEqual(bytes);
    expect(await (await ana.storage.from('exams').download('2026/laudo.txt')).data!.text()).toBe(
      'laudo: normal',
    );
    const info = await ana.storage.from('exams').info('2026/laudo.txt');
    expect(info.data).toMatchObject({ size: 13, contentType: 'text/plain', cacheControl: 'max-age=60' });
    expect((await ana.storage.from('exams').exists('2026/laudo.txt')).data).toBe(true);
    expect((await ana.storage.from('exams').exists('2026/none.txt')).data).toBe(false);
  });

  it('refuses to overwrite without x-upsert and replaces with it', async () => {
    await ana.storage.from('exams').upload('versions.txt', 'one');
    const duplicate = await ana.storage.from('exams').upload('versions.txt', 'two');
    expect(duplicate.error).toMatchObject({ status: 400, statusCode: '409' });
    expect(await (await ana.storage.from('exams').download('versions.txt')).data!.text()).toBe('one');
    expect(
      (await ana.storage.from('exams').upload('versions.txt', 'three', { upsert: true })).error,
    ).toBeNull();
    expect(await (await ana.storage.from('exams').download('versions.txt')).data!.text()).toBe('three');
    expect((await ana.storage.from('exams').update('versions.txt', 'four')).error).toBeNull();
    expect(await (await ana.storage.from('exams').download('versions.txt')).data!.text()).toBe('four');
  });

  it('lists immediate children with folders, prefix, search, limit and offset', async () => {
    for (const name of ['lista/a.txt', 'lista/B.txt', 'lista/c.txt', 'lista/sub/d.txt'])
      await ana.storage.from('exams').upload(name, name);
    const all = await ana.storage.from('exams').list('lista');
    expect(all.data?.map((item) => item.name)).toEqual(['a.txt', 'B.txt', 'c.txt', 'sub']);
    expect(all.data?.find((item) => item.name === 'sub')).toMatchObject({ id: null, metadata: null });
    expect(all.data?.find((item) => item.name === 'a.txt')?.metadata).toMatchObject({
      size: 11,
      // Stored as parsed: one type, its charset in lower case (security/stored-script.test.ts).
      mimetype: 'text/plain; charset=utf-8',
    });
    const paged = await ana.storage.from('exams').list('lista', { limit: 2, offset: 1 });
    expect(paged.data?.map((item) => item.name)).toEqual(['B.txt', 'c.txt']);
    const searched = await ana.storage.from('exams').list('lista', { search: 'b' });
    expect(searched.data?.map((item) => item.name)).toEqual(['B.txt']);
  });

  it('moves, copies and removes objects, bytes following', async () => {
    await ana.storage.from('exams').upload('mover/origem.txt', 'conteúdo');
    expect((await ana.storage.from('exams').move('mover/origem.txt', 'mover/destino.txt')).error).toBeNull();
    expect((await ana.storage.from('exams').exists('mover/origem.txt')).data).toBe(false);
    expect((await ana.storage.from('exams').copy('mover/destino.txt', 'mover/copia.txt')).data).toEqual({
      path: 'exams/mover/copia.txt',
    });
    expect(await (await ana.storage.from('exams').download('mover/copia.txt')).data!.text()).toBe('conteúdo');
    const removed = await ana.storage
      .from('exams')
      .remove(['mover/destino.txt', 'mover/copia.txt', 'mover/never.txt']);
    expect(removed.data?.map((row) => row.name).sort()).toEqual(['mover/copia.txt', 'mover/destino.txt']);
    expect((await ana.storage.from('exams').list('mover')).data).toEqual([]);
  });

  it('signs URLs (one and many) that work without headers and stop working after expiry', async () => {
    await ana.storage.from('exams').upload('assinado/a b.txt', 'signed bytes');
    const signed = await ana.storage.from('exams').createSignedUrl('assinado/a b.txt', 1);
    expect(signed.error).toBeNull();
    const response = await fetch(signed.data!.signedUrl);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('signed bytes');
    const many = await ana.storage
      .from('exams')
      .createSignedUrls(['assinado/a b.txt', 'assinado/missing.txt'], 60);
    expect(many.data?.[0]).toMatchObject({ path: 'assinado/a b.txt', error: null });
    expect(many.data?.[1]).toMatchObject({ path: 'assinado/missing.txt', signedUrl: null });
    const forBruno = await bruno.storage.from('exams').createSignedUrl('assinado/a b.txt', 60);
    expect(forBruno.error).toMatchObject({ statusCode: '404' });
    await sleep(2100);
    const expired = await fetch(signed.data!.signedUrl);
    expect(expired.status).toBe(400);
    expect(await expired.json()).toMatchObject({ statusCode: '400', code: 'ExpiredToken' });
    const tampered = await fetch(signed.data!.signedUrl.replace('a%20b.txt', 'other.txt'));
    expect(tampered.status).toBe(400);
  });

  it('enforces private buckets through storage.objects RLS: other users and anon see nothing', async () => {
    await ana.storage.from('exams').upload('privado/ana.txt', 'só da Ana');
    const brunoRead = await bruno.storage.from('exams').download('privado/ana.txt');
    expect(brunoRead.error).toMatchObject({ statusCode: '404', code: 'NoSuchKey' });
    const anonRead = await server.client().storage.from('exams').download('privado/ana.txt');
    expect(anonRead.error).toMatchObject({ statusCode: '404' });
    const brunoDelete = await bruno.storage.from('exams').remove(['privado/ana.txt']);
    expect(brunoDelete.data).toEqual([]);
    const anonUpload = await server.client().storage.from('exams').upload('privado/anon.txt', 'x');
    expect(anonUpload.error).toMatchObject({ statusCode: '403', code: 'AccessDenied' });
    const wrongBucket = await ana.storage
      .from('logos')
      .upload('ana.png', new Blob([new Uint8Array([1])], { type: 'image/png' }));
    expect(wrongBucket.error).toMatchObject({ statusCode: '403' });
    expect(await (await ana.storage.from('exams').download('privado/ana.txt')).data!.text()).toBe(
      'só da Ana',
    );
  });

  it('serves public buckets without a token and checks their MIME types', async () => {
    const logo = await service.storage
      .from('logos')
      .upload('clinic.png', new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' }));
    expect(logo.error).toBeNull();
    const url = service.storage.from('logos').getPublicUrl('clinic.png').data.publicUrl;
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([137, 80, 78, 71]));
    const privateAsPublic = await fetch(`${server.url}/storage/v1/object/public/exams/privado/ana.txt`);
    expect(privateAsPublic.status).toBe(400);
    const wrongType = await service.storage.from('logos').upload('notes.txt', 'text');
    expect(wrongType.error).toMatchObject({ statusCode: '415', code: 'InvalidMimeType' });
  });

  it('rejects path traversal and malformed names, writing nothing', async () => {
    const before = await objectCount();
    const token = await tokenOf(ana);
    for (const name of [
      '../escape.txt',
      '%2E%2E/escape.txt',
      'a/../../escape.txt',
      'a/%2E%2E/%2E%2E/escape.txt',
      'a//b.txt',
      './x.txt',
      '%2E/x.txt',
      'a%5Cb.txt',
      'a%00b.txt',
      '%2Fabs.txt',
    ]) {
      const response = await rawPost(
        server.url,
        `/storage/v1/object/exams/${name}`,
        { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
        'evil',
      );
      expect(response.status, name).toBe(400);
      expect(JSON.parse(response.body), name).toMatchObject({ statusCode: '400', code: 'InvalidKey' });
    }
    const move = await ana.storage.from('exams').move('2026/laudo.txt', '../../outside.txt');
    expect(move.error).toMatchObject({ code: 'InvalidKey' });
    expect(await objectCount()).toBe(before);
  });

  it('refuses an upload over the configured limit with EntityTooLarge and stores nothing', async () => {
    const before = await objectCount();
    const big = new Uint8Array(UPLOAD_LIMIT + 1);
    const multipart = await ana.storage.from('exams').upload('grande.bin', new Blob([big]));
    expect(multipart.error).toMatchObject({ statusCode: '413', code: 'EntityTooLarge' });
    const raw = await ana.storage.from('exams').upload('grande-raw.bin', big);
    expect(raw.error).toMatchObject({ statusCode: '413', code: 'EntityTooLarge' });
    expect(await objectCount()).toBe(before);
    expect((await ana.storage.from('exams').upload('small.bin', new Uint8Array(10))).error).toBeNull();
  });

  it('answers missing or forged tokens, malformed JSON and unknown routes in Storage shape', async () => {
    const noToken = await fetch(`${server.url}/storage/v1/object/exams/x.txt`, { method: 'POST', body: 'x' });
    expect(noToken.status).toBe(400);
    expect(await noToken.json()).toMatchObject({
      statusCode: '403',
      code: 'AccessDenied',
      error: 'Unauthorized',
    });
    const forged = await fetch(`${server.url}/storage/v1/bucket`, {
      headers: { authorization: `Bearer ${server.anonKey.slice(0, -4)}AAAA` },
    });
    expect(await forged.json()).toMatchObject({ statusCode: '403', code: 'AccessDenied' });
    const malformed = await fetch(`${server.url}/storage/v1/object/list/exams`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenOf(ana)}`, 'content-type': 'application/json' },
      body: '{"prefix": ',
    });
    expect(await malformed.json()).toMatchObject({ statusCode: '400', code: 'InvalidRequest' });
    const unknown = await fetch(`${server.url}/storage/v1/nowhere`);
    expect(await unknown.json()).toMatchObject({ statusCode: '404' });
    expect((await server.fetch('/health')).status).toBe(200);
  });
});

/** A POST whose path is sent exactly as written: fetch would resolve `.` and `..` segments first. */
function rawPost(
  baseUrl: string,
  path: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
