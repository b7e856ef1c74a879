import type { IncomingMessage, ServerResponse } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { sendJson } from '../http/send.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

/**
 * The app's own pages run only the app's own code. An object opened from Storage is served with
 * a sandbox policy of its own (server/storage/object-headers.ts); this one is the second wall:
 * no inline or foreign script, no plugin, no framing, and requests only to this origin (the API
 * and its websocket live here). Blob URLs are the app's previews of files it downloaded and
 * checked. A document from a blob URL inherits this policy, so a file opened from a preview
 * cannot run its scripts either.
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob:",
  "frame-src 'self' blob:",
  "object-src 'none'",
  "worker-src 'self'",
  "connect-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers of every file of the app (see APP_CSP). Camera: capture of document photos. */
const APP_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': APP_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(self), microphone=(), geolocation=(), payment=(), usb=()',
};

/** Files the browser must revalidate on every load: the shell and the service worker decide which version runs. */
const ALWAYS_REVALIDATE =
  /^\/(index\.html|sw\.js|service-worker\.js|registerSW\.js|manifest\.webmanifest|workbox-[^/]+\.js)$/;

/**
 * Serves the built PWA from `distDir` on the API's origin. Unknown paths that look like app routes
 * (no file extension, a GET asking for HTML) get `index.html`, so deep links work offline and on.
 * Invariant: only files inside `distDir` are ever read (`..` cannot climb out).
 */
export async function serveApp(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  distDir: string,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return sendJson(res, 405, { message: 'Method not allowed' });
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return sendJson(res, 400, { message: 'Bad path' });
  }
  const relative = normalize(decoded === '/' ? '/index.html' : decoded);
  const file = join(distDir, relative);
  if (!file.startsWith(distDir.endsWith(sep) ? distDir : distDir + sep) || decoded.includes('\0')) {
    return sendJson(res, 404, { message: 'Not found' });
  }
  const found = await stat(file).catch(() => undefined);
  if (found?.isFile()) return sendFile(req, res, file, relative.replaceAll(sep, '/'), found.size);
  if (extname(relative) === '' && (req.headers.accept ?? '').includes('text/html')) {
    const index = join(distDir, 'index.html');
    const shell = await stat(index).catch(() => undefined);
    if (shell?.isFile()) return sendFile(req, res, index, '/index.html', shell.size);
  }
  return sendJson(res, 404, { message: 'Not found' });
}

function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  file: string,
  urlPath: string,
  size: number,
): void {
  const headers: Record<string, string> = {
    ...APP_HEADERS,
    'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': String(size),
  };
  if (ALWAYS_REVALIDATE.test(urlPath)) headers['Cache-Control'] = 'no-cache';
  else if (urlPath.startsWith('/assets/')) headers['Cache-Control'] = 'public, max-age=31536000, immutable';
  else headers['Cache-Control'] = 'no-cache';
  if (/^\/(sw|service-worker)\.js$/.test(urlPath)) headers['Service-Worker-Allowed'] = '/';
  res.writeHead(200, headers);
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file).pipe(res);
}
