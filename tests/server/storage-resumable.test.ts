import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import * as tus from 'tus-js-client';
import { startLocalServer } from '../../server/local-server.ts';
import { createPostgres } from '../support/test-databases.ts';
import { serverTargets, type TestServer } from './support/server-harness.ts';

/** Staff see and manage their own objects in `exams`, as in storage.test.ts. */
const POLICIES = `
  create policy own_read on storage.objects for select to authenticated using (bucket_id = 'exams' and owner = auth.uid());
  create policy own_insert on storage.objects for insert to authenticated with check (bucket_id = 'exams' and owner = auth.uid());
  create policy own_update on storage.objects for update to authenticated using (bucket_id = 'exams' and owner = auth.uid());
`;

const UPLOAD_LIMIT = 1024 * 1024;
const OCTETS = 'application/offset+octet-stream';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const metadataHeader = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([key, value]) => `${key} ${b64(value)}`)
    .join(',');
const bytesOf = (size: number, seed: number) =>
  Uint8Array.from({ length: size }, (_, i) => (i * 31 + seed) % 251);

interface TusAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown> | null;
}

describe.each(serverTargets())('resumable uploads (TUS) on $name', (target) => {
  let server: TestServer;
  let ana: SupabaseClient;
  let bruno: SupabaseClient;
  let anaToken: string;
  let brunoToken: string;
  const endpoint = () => `${server.url}/storage/v1/upload/resumable`;

  /** One TUS request as a client would send it; the body is parsed when it is Storage's JSON. */
  async function tusRequest(
    url: string,
    method: string,
    headers: Record<string, string>,
    body?: Uint8Array<ArrayBuffer>,
  ): Promise<TusAnswer> {
    const response = await fetch(url, {
      method,
      headers: { 'tus-resumable': '1.0.0', apikey: server.anonKey, ...headers },
      ...(body ? { body } : {}),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : null,
    };
  }

  async function create(
    token: string,
    objectName: string,
    length: number,
    extra: Record<string, string> = {},
    bucketName = 'exams',
  ): Promise<TusAnswer> {
    return tusRequest(endpoint(), 'POST', {
      authorization: `Bearer ${token}`,
      'upload-length': String(length),
      'upload-metadata': metadataHeader({
        bucketName,
        objectName,
        contentType: 'application/pdf',
        cacheControl: '3600',
      }),
      ...extra,
    });
  }

  const photo = (objectName: string) =>
    metadataHeader({ bucketName: 'photos', objectName, contentType: 'image/png' });

  const uploadUrl = (answer: TusAnswer) => new URL(answer.headers.get('location')!, server.url).toString();

  const patch = (
    url: string,
    token: string,
    offset: number,
    bytes: Uint8Array<ArrayBuffer>,
    extra: Record<string, string> = {},
  ) =>
    tusRequest(
      url,
      'PATCH',
      { authorization: `Bearer ${token}`, 'upload-offset': String(offset), 'content-type': OCTETS, ...extra },
      bytes,
    );

  const head = (url: string, token: string) => tusRequest(url, 'HEAD', { authorization: `Bearer ${token}` });

  const objectRows = async (name: string) =>
    (
      await server.db.query<{ n: number }>('select count(*)::int as n from storage.objects where name = $1', [
        name,
      ])
    ).rows[0]!.n;

  beforeAll(async () => {
    server = await target.start({ seed: false, storageBodyLimit: UPLOAD_LIMIT });
    await server.db.exec(POLICIES);
    const service = server.client(server.serviceRoleKey);
    const user = async (email: string) => {
      await service.auth.admin.createUser({ email, password: 'storage-pw', email_confirm: true });
      const client = server.client();
      const { error } = await client.auth.signInWithPassword({ email, password: 'storage-pw' });
      if (error) throw error;
      return client;
    };
    ana = await user('ana@clinica.example');
    bruno = await user('bruno@clinica.example');
    anaToken = (await ana.auth.getSession()).data.session!.access_token;
    brunoToken = (await bruno.auth.getSession()).data.session!.access_token;
    expect((await service.storage.createBucket('exams', { public: false })).error).toBeNull();
    expect(
      (
        await service.storage.createBucket('photos', {
          public: false,
          allowedMimeTypes: ['image/*'],
          fileSizeLimit: 1000,
        })
      ).error,
    ).toBeNull();
  });
  afterAll(() => server?.close());

  it('answers discovery with the version, the extensions and the size limit', async () => {
    const response = await fetch(endpoint(), { method: 'OPTIONS' });
    expect(response.status).toBe(204);
    expect(response.headers.get('tus-version')).toBe('1.0.0');
    expect(response.headers.get('tus-extension')?.split(',')).toEqual(
      expect.arrayContaining(['creation', 'creation-with-upload', 'termination', 'expiration']),
    );
    expect(response.headers.get('tus-max-size')).toBe(String(UPLOAD_LIMIT));
  });

  it('creates, takes chunks, tells its offset and stores the object only when the last byte arrives', async () => {
    const bytes = bytesOf(300_000, 1);
    const created = await create(anaToken, 'resumable/laudo.pdf', bytes.length);
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toMatch(/^\/storage\/v1\/upload\/resumable\/[0-9a-f-]{36}$/);
    expect(created.headers.get('upload-expires')).not.toBeNull();
    const url = uploadUrl(created);
    expect((await head(url, anaToken)).headers.get('upload-offset')).toBe('0');

    const first = await patch(url, anaToken, 0, bytes.subarray(0, 100_000));
    expect(first.status).toBe(204);
    expect(first.headers.get('upload-offset')).toBe('100000');
    const state = await head(url, anaToken);
    expect(state.status).toBe(200);
    expect(state.headers.get('upload-offset')).toBe('100000');
    expect(state.headers.get('upload-length')).toBe('300000');
    expect(state.headers.get('cache-control')).toBe('no-store');
    // Partial bytes are not an object yet.
    expect(await objectRows('resumable/laudo.pdf')).toBe(0);

    const last = await patch(url, anaToken, 100_000, bytes.subarray(100_000));
    expect(last.status).toBe(204);
    expect(last.headers.get('upload-offset')).toBe('300000');
    const downloaded = await ana.storage.from('exams').download('resumable/laudo.pdf');
    expect(new Uint8Array(await downloaded.data!.arrayBuffer())).toEqual(bytes);
    const info = await ana.storage.from('exams').info('resumable/laudo.pdf');
    expect(info.data, JSON.stringify(info.error)).toMatchObject({
      size: 300_000,
      contentType: 'application/pdf',
      cacheControl: 'max-age=3600',
    });
    const { rows } = await server.db.query<{ owner: string }>(
      `select owner::text from storage.objects where name = 'resumable/laudo.pdf'`,
    );
    expect(rows[0]?.owner).toBe((await ana.auth.getUser()).data.user?.id);
    // A finished upload is over: asking for it again means "start a new one".
    expect((await head(url, anaToken)).status).toBe(404);
  });

  it('takes the whole file with the creation request (creation-with-upload)', async () => {
    const bytes = bytesOf(5000, 2);
    const created = await create(anaToken, 'resumable/at-once.pdf', bytes.length, { 'content-type': OCTETS });
    expect(created.status).toBe(201);
    expect(created.headers.get('upload-offset')).toBe('0');
    const withBody = await tusRequest(
      endpoint(),
      'POST',
      {
        authorization: `Bearer ${anaToken}`,
        'upload-length': String(bytes.length),
        'upload-metadata': metadataHeader({
          bucketName: 'exams',
          objectName: 'resumable/with-body.pdf',
          contentType: 'application/pdf',
        }),
        'content-type': OCTETS,
      },
      bytes,
    );
    expect(withBody.status).toBe(201);
    expect(withBody.headers.get('upload-offset')).toBe(String(bytes.length));
    const downloaded = await ana.storage.from('exams').download('resumable/with-body.pdf');
    expect(new Uint8Array(await downloaded.data!.arrayBuffer())).toEqual(bytes);
  });

  it('uploads a file in chunks with tus-js-client, as the app does', async () => {
    const bytes = Buffer.from(bytesOf(900_000, 3));
    await new Promise<void>((resolve, reject) => {
      new tus.Upload(bytes, {
        endpoint: endpoint(),
        headers: { authorization: `Bearer ${anaToken}`, apikey: server.anonKey },
        chunkSize: 256 * 1024,
        retryDelays: null,
        metadata: { bucketName: 'exams', objectName: 'resumable/tus-js.pdf', contentType: 'application/pdf' },
        onSuccess: () => resolve(),
        onError: reject,
      }).start();
    });
    const downloaded = await ana.storage.from('exams').download('resumable/tus-js.pdf');
    expect(Buffer.from(await downloaded.data!.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('keeps the bytes of a PATCH cut midway and continues from where they end', async () => {
    const bytes = bytesOf(200_000, 4);
    const url = uploadUrl(await create(anaToken, 'resumable/cut.pdf', bytes.length));
    await cutPatch(url, anaToken, server.anonKey, bytes, 120_000);
    const offset = Number((await head(url, anaToken)).headers.get('upload-offset'));
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThanOrEqual(120_000);
    expect(await objectRows('resumable/cut.pdf')).toBe(0);
    expect((await patch(url, anaToken, offset, bytes.subarray(offset))).status).toBe(204);
    const downloaded = await ana.storage.from('exams').download('resumable/cut.pdf');
    expect(new Uint8Array(await downloaded.data!.arrayBuffer())).toEqual(bytes);
  });

  it('refuses a wrong or missing protocol version with 412', async () => {
    for (const version of [undefined, '0.2.2']) {
      const response = await fetch(endpoint(), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${anaToken}`,
          'upload-length': '10',
          'upload-metadata': metadataHeader({ bucketName: 'exams', objectName: 'resumable/v.pdf' }),
          ...(version ? { 'tus-resumable': version } : {}),
        },
      });
      expect(response.status, version).toBe(412);
      expect(response.headers.get('tus-version')).toBe('1.0.0');
      expect(await response.json()).toMatchObject({ statusCode: '412', code: 'UnsupportedTusVersion' });
    }
  });

  it('refuses bad creations with coded errors, creating nothing', async () => {
    const refusals: [string, () => Promise<TusAnswer>, number, string][] = [
      [
        'no Upload-Length',
        () =>
          tusRequest(endpoint(), 'POST', {
            authorization: `Bearer ${anaToken}`,
            'upload-metadata': metadataHeader({ bucketName: 'exams', objectName: 'resumable/x.pdf' }),
          }),
        400,
        'InvalidUploadLength',
      ],
      ['a negative Upload-Length', () => create(anaToken, 'resumable/x.pdf', -1), 400, 'InvalidUploadLength'],
      [
        'a fractional Upload-Length',
        () => create(anaToken, 'resumable/x.pdf', 1.5),
        400,
        'InvalidUploadLength',
      ],
      [
        'no Upload-Metadata',
        () => tusRequest(endpoint(), 'POST', { authorization: `Bearer ${anaToken}`, 'upload-length': '10' }),
        400,
        'InvalidUploadMetadata',
      ],
      [
        'metadata that is not base64 pairs',
        () => create(anaToken, 'x.pdf', 10, { 'upload-metadata': 'bucketName !!!' }),
        400,
        'InvalidUploadMetadata',
      ],
      [
        'metadata without an objectName',
        () => create(anaToken, 'x.pdf', 10, { 'upload-metadata': metadataHeader({ bucketName: 'exams' }) }),
        400,
        'InvalidUploadMetadata',
      ],
      ['a path that climbs out', () => create(anaToken, '../escape.pdf', 10), 400, 'InvalidKey'],
      ['an unknown bucket', () => create(anaToken, 'x.pdf', 10, {}, 'nowhere'), 404, 'NoSuchBucket'],
      [
        'more than the server takes',
        () => create(anaToken, 'resumable/big.pdf', UPLOAD_LIMIT + 1),
        413,
        'EntityTooLarge',
      ],
      [
        'more than the bucket takes',
        () => create(anaToken, 'big.png', 1001, { 'upload-metadata': photo('big.png') }),
        413,
        'EntityTooLarge',
      ],
      [
        'a type the bucket refuses',
        () => create(anaToken, 'notes.pdf', 10, {}, 'photos'),
        415,
        'InvalidMimeType',
      ],
      [
        'what RLS refuses (no insert policy on photos)',
        () => create(anaToken, 'logo.png', 10, { 'upload-metadata': photo('logo.png') }),
        403,
        'AccessDenied',
      ],
      [
        'no token',
        () =>
          tusRequest(endpoint(), 'POST', {
            'upload-length': '10',
            'upload-metadata': metadataHeader({ bucketName: 'exams', objectName: 'resumable/anon.pdf' }),
          }),
        403,
        'AccessDenied',
      ],
      ['anon', () => create(server.anonKey, 'resumable/anon.pdf', 10), 403, 'AccessDenied'],
      [
        'a signed upload (not offered)',
        () => tusRequest(`${endpoint()}/sign`, 'POST', { authorization: `Bearer ${anaToken}` }),
        404,
        'NotFound',
      ],
    ];
    const before = await server.db.query<{ n: number }>('select count(*)::int as n from storage.objects');
    for (const [label, send, status, code] of refusals) {
      const { status: got, body } = await send();
      expect(got, label).toBe(status);
      expect(body, label).toMatchObject({ statusCode: String(status), code });
    }
    const after = await server.db.query<{ n: number }>('select count(*)::int as n from storage.objects');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
    const bytesSentWithWrongType = await tusRequest(
      endpoint(),
      'POST',
      {
        authorization: `Bearer ${anaToken}`,
        'upload-length': '4',
        'upload-metadata': metadataHeader({ bucketName: 'exams', objectName: 'resumable/typed.pdf' }),
        'content-type': 'application/pdf',
      },
      bytesOf(4, 5),
    );
    expect(bytesSentWithWrongType).toMatchObject({ status: 415, body: { code: 'InvalidContentType' } });
  });

  it('refuses an existing object unless x-upsert says to replace it', async () => {
    await ana.storage
      .from('exams')
      .upload('resumable/existing.pdf', 'first', { contentType: 'application/pdf' });
    const duplicate = await create(anaToken, 'resumable/existing.pdf', 6);
    expect(duplicate).toMatchObject({ status: 409, body: { statusCode: '409', code: 'KeyAlreadyExists' } });
    const upsert = await create(anaToken, 'resumable/existing.pdf', 6, { 'x-upsert': 'true' });
    expect(upsert.status).toBe(201);
    const last = await patch(uploadUrl(upsert), anaToken, 0, new TextEncoder().encode('second'), {
      'x-upsert': 'true',
    });
    expect(last.status).toBe(204);
    expect(await (await ana.storage.from('exams').download('resumable/existing.pdf')).data!.text()).toBe(
      'second',
    );
    expect(await objectRows('resumable/existing.pdf')).toBe(1);
  });

  it('refuses bad chunks with coded errors, leaving the offset where it was', async () => {
    const bytes = bytesOf(1000, 6);
    const url = uploadUrl(await create(anaToken, 'resumable/chunks.pdf', bytes.length));
    expect((await patch(url, anaToken, 0, bytes.subarray(0, 400))).status).toBe(204);
    // [what, the request, its status, its code (null: a HEAD, whose answer has no body)]
    const refusals: [string, () => Promise<TusAnswer>, number, string | null][] = [
      [
        'an offset behind the upload',
        () => patch(url, anaToken, 0, bytes.subarray(0, 100)),
        409,
        'UploadOffsetConflict',
      ],
      [
        'an offset ahead of the upload',
        () => patch(url, anaToken, 600, bytes.subarray(600)),
        409,
        'UploadOffsetConflict',
      ],
      [
        'no Upload-Offset',
        () =>
          tusRequest(
            url,
            'PATCH',
            { authorization: `Bearer ${anaToken}`, 'content-type': OCTETS },
            bytes.subarray(400),
          ),
        400,
        'InvalidUploadOffset',
      ],
      [
        'a malformed Upload-Offset',
        () => patch(url, anaToken, 400, bytes.subarray(400), { 'upload-offset': 'x' }),
        400,
        'InvalidUploadOffset',
      ],
      [
        'bytes of another type',
        () => patch(url, anaToken, 400, bytes.subarray(400), { 'content-type': 'application/pdf' }),
        415,
        'InvalidContentType',
      ],
      ['bytes past the length', () => patch(url, anaToken, 400, bytesOf(700, 7)), 413, 'EntityTooLarge'],
      [
        'no token',
        () =>
          tusRequest(url, 'PATCH', { 'upload-offset': '400', 'content-type': OCTETS }, bytes.subarray(400)),
        403,
        'AccessDenied',
      ],
      ["another user's PATCH", () => patch(url, brunoToken, 400, bytes.subarray(400)), 403, 'AccessDenied'],
      ["another user's HEAD", () => head(url, brunoToken), 403, null],
      [
        "another user's DELETE",
        () => tusRequest(url, 'DELETE', { authorization: `Bearer ${brunoToken}` }),
        403,
        'AccessDenied',
      ],
      [
        'an unknown upload',
        () => patch(`${endpoint()}/${crypto.randomUUID()}`, anaToken, 0, bytes),
        404,
        'NoSuchUpload',
      ],
      [
        'an upload id that is none',
        () => patch(`${endpoint()}/..%2F..%2Fjwt-secret`, anaToken, 0, bytes),
        404,
        'NoSuchUpload',
      ],
    ];
    for (const [label, send, status, code] of refusals) {
      const got = await send();
      expect(got.status, label).toBe(status);
      if (code !== null) expect(got.body, label).toMatchObject({ statusCode: String(status), code });
      expect((await head(url, anaToken)).headers.get('upload-offset'), label).toBe('400');
    }
    expect((await patch(url, anaToken, 400, bytes.subarray(400))).status).toBe(204);
    const downloaded = await ana.storage.from('exams').download('resumable/chunks.pdf');
    expect(new Uint8Array(await downloaded.data!.arrayBuffer())).toEqual(bytes);
  });

  it('terminates an unfinished upload on DELETE, and forgets it', async () => {
    const url = uploadUrl(await create(anaToken, 'resumable/dropped.pdf', 100));
    expect((await patch(url, anaToken, 0, bytesOf(50, 8))).status).toBe(204);
    expect((await tusRequest(url, 'DELETE', { authorization: `Bearer ${anaToken}` })).status).toBe(204);
    expect(await head(url, anaToken)).toMatchObject({ status: 404 });
    expect(await patch(url, anaToken, 50, bytesOf(50, 8))).toMatchObject({
      status: 404,
      body: { code: 'NoSuchUpload' },
    });
    expect(await objectRows('resumable/dropped.pdf')).toBe(0);
  });

  it('refuses the last chunk when another upload stored the object meanwhile, keeping the first object', async () => {
    const url = uploadUrl(await create(anaToken, 'resumable/raced.pdf', 10));
    expect((await patch(url, anaToken, 0, bytesOf(5, 9))).status).toBe(204);
    await ana.storage
      .from('exams')
      .upload('resumable/raced.pdf', 'winner', { contentType: 'application/pdf' });
    const last = await patch(url, anaToken, 5, bytesOf(5, 9));
    expect(last).toMatchObject({ status: 409, body: { code: 'KeyAlreadyExists' } });
    expect(await (await ana.storage.from('exams').download('resumable/raced.pdf')).data!.text()).toBe(
      'winner',
    );
    expect(await objectRows('resumable/raced.pdf')).toBe(1);
  });
});

describe('resumable uploads across a server restart', () => {
  it.each(['pglite', 'postgres'] as const)(
    'continue on %s from the bytes kept in the data dir',
    async (kind) => {
      const adminUrl = process.env['TEST_DATABASE_URL'];
      if (kind === 'postgres' && !adminUrl) return;
      const dataDir = await mkdtemp(join(tmpdir(), 'resumable-restart-'));
      const database = kind === 'postgres' ? await createPostgres(adminUrl!) : undefined;
      const options = { dataDir, seed: false, ...(database ? { databaseUrl: database.url! } : {}) };
      try {
        let server = await startLocalServer(options);
        const key = server.serviceRoleKey;
        const headers = { 'tus-resumable': '1.0.0', authorization: `Bearer ${key}`, apikey: key };
        await server.db.query(`insert into storage.buckets (id, name) values ('exams', 'exams')`);
        const bytes = bytesOf(10_000, 10);
        const created = await fetch(`${server.url}/storage/v1/upload/resumable`, {
          method: 'POST',
          headers: {
            ...headers,
            'upload-length': String(bytes.length),
            'upload-metadata': metadataHeader({ bucketName: 'exams', objectName: 'restart.pdf' }),
          },
        });
        const path = created.headers.get('location')!;
        const first = await fetch(`${server.url}${path}`, {
          method: 'PATCH',
          headers: { ...headers, 'upload-offset': '0', 'content-type': OCTETS },
          body: bytes.subarray(0, 4000),
        });
        expect(first.status).toBe(204);
        await server.close();

        server = await startLocalServer(options);
        const state = await fetch(`${server.url}${path}`, { method: 'HEAD', headers });
        expect(state.headers.get('upload-offset')).toBe('4000');
        const rest = await fetch(`${server.url}${path}`, {
          method: 'PATCH',
          headers: { ...headers, 'upload-offset': '4000', 'content-type': OCTETS },
          body: bytes.subarray(4000),
        });
        expect(rest.status).toBe(204);
        const stored = await fetch(`${server.url}/storage/v1/object/exams/restart.pdf`, { headers });
        expect(new Uint8Array(await stored.arrayBuffer())).toEqual(bytes);
        await server.close();
      } finally {
        await database?.drop();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  );
});

/**
 * A PATCH whose connection dies after `sentBytes` of its body: the server keeps what arrived.
 * Waits until the server has answered HEAD with a settled offset.
 */
function cutPatch(
  url: string,
  token: string,
  apiKey: string,
  bytes: Uint8Array<ArrayBuffer>,
  sentBytes: number,
): Promise<void> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve) => {
    const req = httpRequest({
      hostname,
      port,
      path: pathname,
      method: 'PATCH',
      headers: {
        'tus-resumable': '1.0.0',
        authorization: `Bearer ${token}`,
        apikey: apiKey,
        'upload-offset': '0',
        'content-type': OCTETS,
        'content-length': String(bytes.length),
      },
    });
    req.on('error', () => undefined);
    req.write(bytes.subarray(0, sentBytes), () => {
      setTimeout(() => {
        req.destroy();
        // The server notices the cut, stops writing and releases the upload's lock.
        setTimeout(resolve, 300);
      }, 200);
    });
  });
}
