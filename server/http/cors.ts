import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * CORS as the Supabase gateway and PostgREST answer it: any origin (the client never sends
 * credentials), the requested headers echoed back, and the headers supabase-js must read from a
 * cross-origin response exposed (`Content-Range` for counts, `X-Supabase-Api-Version` for auth
 * error codes).
 */
const EXPOSED = [
  'Content-Encoding',
  'Content-Location',
  'Content-Range',
  'Content-Type',
  'Content-Length',
  'Content-Disposition',
  'Date',
  'ETag',
  'Location',
  'Range-Unit',
  'Retry-After',
  'X-Supabase-Api-Version',
  'X-Sb-Error-Code',
].join(', ');

export function applyCors(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', EXPOSED);
  if (req.method !== 'OPTIONS') return;
  res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS');
  const requested = req.headers['access-control-request-headers'];
  res.setHeader(
    'Access-Control-Allow-Headers',
    requested ?? 'authorization, apikey, x-client-info, content-type, prefer',
  );
  res.setHeader('Access-Control-Max-Age', '86400');
}
