import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, serverTargets, type TestServer } from '../support/server-harness.ts';

const patient = 'd0000000-0000-4000-8000-000000000001';
const svg =
  '<svg xmlns="http://www.w3.org/2000/svg"><script>fetch("/steal?" + localStorage.length)</script></svg>';

// Finding 1: a receptionist stored a script on the app's origin (SVG, or a type list that a
// browser reads as HTML) and opened it from a signed URL. Now types are parsed exactly, active
// types are refused, and every object answer is sandboxed data.
describe.each(serverTargets())('stored script on $name', (target) => {
  let server: TestServer;
  let appDir: string;
  let receptionToken: string;

  beforeAll(async () => {
    appDir = await mkdtemp(join(tmpdir(), 'csp-app-'));
    await writeFile(join(appDir, 'index.html'), '<!doctype html><title>app</title>');
    server = await target.start({ serveApp: true, appDir });
    const reception = await server.signedIn(DEMO.reception);
    receptionToken = (await reception.auth.getSession()).data.session!.access_token;
  });
  afterAll(async () => {
    await server?.close();
    await rm(appDir, { recursive: true, force: true });
  });

  const upload = (bucket: string, key: string, type: string, body: string, token = receptionToken) =>
    server.fetch(`/storage/v1/object/${bucket}/${key}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      body,
    });
  const objects = async () =>
    (await server.db.query<{ n: number }>('select count(*)::int as n from storage.objects')).rows[0]!.n;

  it.each([
    'image/svg+xml',
    'image/png, text/html',
    'text/plain; charset=utf-8, text/html',
    'text/html',
    'application/xhtml+xml',
    'text/javascript',
    'image/png;charset="x", text/html',
  ])('refuses %j in the clinic bucket, storing nothing', async (type) => {
    const before = await objects();
    const response = await upload(
      'clinic-files',
      `patients/${patient}/${encodeURIComponent(type)}.png`,
      type,
      svg,
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ statusCode: '415', code: 'InvalidMimeType' });
    expect(await objects()).toBe(before);
  });

  it('refuses active types in every bucket, even for the service role, and in multipart parts', async () => {
    const service = server.client(server.serviceRoleKey);
    expect((await service.storage.createBucket('anything', { public: false })).error).toBeNull();
    const raw = await upload('anything', 'a.svg', 'image/svg+xml', svg, server.serviceRoleKey);
    expect(await raw.json()).toMatchObject({ statusCode: '415', code: 'InvalidMimeType' });
    const multipart = await service.storage
      .from('anything')
      .upload('b.html', new Blob(['<script>1</script>'], { type: 'text/html' }));
    expect(multipart.error).toMatchObject({ statusCode: '415' });
  });

  it('serves every object as sandboxed data: nosniff, sandbox CSP, a disposition', async () => {
    const png = await upload('clinic-files', `patients/${patient}/foto.png`, 'image/png', 'not really a png');
    expect(png.status).toBe(200);
    const pdf = await upload('clinic-files', `patients/${patient}/laudo.pdf`, 'application/pdf', '%PDF-1.4');
    expect(pdf.status).toBe(200);
    const get = (key: string, query = '') =>
      server.fetch(`/storage/v1/object/authenticated/clinic-files/patients/${patient}/${key}${query}`, {
        headers: { authorization: `Bearer ${receptionToken}` },
      });
    const image = await get('foto.png');
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('x-content-type-options')).toBe('nosniff');
    expect(image.headers.get('content-security-policy')).toMatch(/(^|; )sandbox(;|$)/);
    expect(image.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(image.headers.get('content-disposition')).toMatch(/^inline; filename="foto.png"/);
    const document = await get('laudo.pdf');
    expect(document.headers.get('content-disposition')).toMatch(/^attachment; filename="laudo.pdf"/);
    const asDownload = await get('foto.png', '?download=exame%0D%0AX-Evil:%201.png');
    expect(asDownload.headers.get('content-disposition')).toMatch(
      /^attachment; filename="exameX-Evil: 1.png"/,
    );
    expect(asDownload.headers.get('x-evil')).toBeNull();
  });

  it('serves an object stored with an active type before the check as an attachment, signed URL included', async () => {
    expect((await upload('clinic-files', `patients/${patient}/velho.txt`, 'text/plain', svg)).status).toBe(
      200,
    );
    // As if stored by an older server: the row says text/html.
    await server.db.query(
      `update storage.objects set metadata = jsonb_set(metadata, '{mimetype}', '"text/html, image/png"') where name like '%velho.txt'`,
    );
    const signed = await server.fetch(`/storage/v1/object/sign/clinic-files/patients/${patient}/velho.txt`, {
      method: 'POST',
      headers: { authorization: `Bearer ${receptionToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ expiresIn: 60 }),
    });
    const { signedURL } = (await signed.json()) as { signedURL: string };
    const opened = await fetch(`${server.url}/storage/v1${signedURL}`);
    expect(opened.status).toBe(200);
    expect(opened.headers.get('content-type')).toBe('application/octet-stream');
    expect(opened.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(opened.headers.get('content-security-policy')).toMatch(/sandbox/);
    expect(opened.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it("gives the app's own pages a strict CSP: only the app's scripts, no framing, requests to this origin", async () => {
    const page = await fetch(`${server.url}/`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
  });
});
