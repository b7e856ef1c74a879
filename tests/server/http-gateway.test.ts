import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverTargets, type TestServer } from './support/server-harness.ts';

/** A GET whose path is sent exactly as written (fetch would resolve `..`). */
function rawGet(baseUrl: string, path: string): Promise<number> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    httpRequest({ hostname, port, path, headers: { accept: 'text/html' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

describe('HTTP gateway and app serving', () => {
  let server: TestServer;
  let dist: string;
  beforeAll(async () => {
    dist = await mkdtemp(join(tmpdir(), 'app-dist-'));
    await mkdir(join(dist, 'assets'));
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>Clínica</title>');
    await writeFile(join(dist, 'sw.js'), 'self.addEventListener("install", () => {});');
    await writeFile(join(dist, 'manifest.webmanifest'), '{"name":"Clínica"}');
    await writeFile(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    server = await serverTargets()[0]!.start({ seed: false, serveApp: true, appDir: dist });
  });
  afterAll(async () => {
    await server?.close();
    await rm(dist, { recursive: true, force: true });
  });

  it('answers /health and /app-config.json with the backend on the same origin', async () => {
    expect(await (await fetch(`${server.url}/health`)).json()).toMatchObject({ status: 'ok' });
    const config = await (await fetch(`${server.url}/app-config.json`)).json();
    expect(config).toEqual({ supabaseUrl: server.url, anonKey: server.anonKey });
  });

  it('answers CORS preflights, echoing the requested headers and exposing Content-Range', async () => {
    const response = await fetch(`${server.url}/rest/v1/patients`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://other.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, apikey, prefer, x-upsert',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toBe(
      'authorization, apikey, prefer, x-upsert',
    );
    expect(response.headers.get('access-control-allow-methods')).toContain('PATCH');
    const get = await server.fetch('/health', { headers: { origin: 'http://other.example' } });
    expect(get.headers.get('access-control-expose-headers')).toContain('Content-Range');
  });

  it('serves the app shell, assets, service worker and manifest with the right headers', async () => {
    const shell = await fetch(`${server.url}/`);
    expect(shell.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(shell.headers.get('cache-control')).toBe('no-cache');
    expect(await shell.text()).toContain('Clínica');
    const worker = await fetch(`${server.url}/sw.js`);
    expect(worker.headers.get('service-worker-allowed')).toBe('/');
    expect(worker.headers.get('cache-control')).toBe('no-cache');
    expect(worker.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const manifest = await fetch(`${server.url}/manifest.webmanifest`);
    expect(manifest.headers.get('content-type')).toBe('application/manifest+json');
    const asset = await fetch(`${server.url}/assets/index-abc123.js`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('falls back to index.html for app routes, not for missing files or outside the app folder', async () => {
    const route = await fetch(`${server.url}/patients/123`, { headers: { accept: 'text/html' } });
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('Clínica');
    expect((await fetch(`${server.url}/assets/missing.js`)).status).toBe(404);
    expect(await rawGet(server.url, '/../package.json')).toBe(404);
    expect(await rawGet(server.url, '/%2E%2E/package.json')).toBe(404);
    expect(await rawGet(server.url, '/assets/%2E%2E/%2E%2E/package.json')).toBe(404);
  });

  it('answers unknown API routes with 404 in the gateway shape and keeps serving', async () => {
    const response = await fetch(`${server.url}/functions/v1/anything`, { method: 'POST' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'no Route matched with those values' });
    expect((await fetch(`${server.url}/index.html`, { method: 'DELETE' })).status).toBe(404);
    const unknownStorage = await fetch(`${server.url}/storage/v1/unknown`);
    expect(unknownStorage.status).toBe(400);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});
