import { parse } from 'fast-content-type-parse';

/**
 * A media type as this server stores and serves it: the lower-case `type/subtype` and at most a
 * charset. Anything else a client sent (other parameters, case, spaces) is dropped, so the header
 * an object is served with is always one well-formed type.
 *
 * Why strict: a browser reading `Content-Type: image/png, text/html` takes the LAST type of the
 * list (Fetch's "extract a MIME type"), and `text/plain; charset=utf-8, text/html` the same way.
 * A check that compares the start of the header lets such a value through as an image and the
 * browser then renders HTML on the server's origin. RFC 9110's grammar has no lists and no commas
 * in unquoted parameter values: parsing by it refuses both.
 */
export interface MediaType {
  readonly essence: string;
  readonly charset: string | undefined;
}

const CHARSET = /^[A-Za-z0-9][A-Za-z0-9._:+-]{0,39}$/;

/** The media type of a Content-Type value, or undefined when it is not exactly one valid type. */
export function parseMediaType(header: string): MediaType | undefined {
  let parsed: { type: string; parameters: Record<string, string> };
  try {
    parsed = parse(header);
  } catch {
    return undefined;
  }
  const charset = parsed.parameters['charset'];
  if (charset !== undefined && !CHARSET.test(charset)) return undefined;
  return { essence: parsed.type.toLowerCase(), charset: charset?.toLowerCase() };
}

export function formatMediaType(type: MediaType): string {
  return type.charset === undefined ? type.essence : `${type.essence}; charset=${type.charset}`;
}

/**
 * Types a browser runs as an active document (markup with scripts, XSLT, scripts themselves,
 * plugins). They are refused in every bucket of this server: no clinic file is one, and one
 * opened from the server's origin would run with it.
 */
export function isActiveContent(essence: string): boolean {
  const [top = '', sub = ''] = essence.split('/');
  if (sub.endsWith('+xml') || sub === 'xml') return true;
  if (top === 'multipart') return true;
  return ACTIVE.has(essence);
}

const ACTIVE = new Set([
  'text/html',
  'application/xhtml+xml',
  'image/svg+xml',
  'text/javascript',
  'text/ecmascript',
  'application/javascript',
  'application/x-javascript',
  'application/ecmascript',
  'text/xsl',
  'application/x-shockwave-flash',
  'application/java-archive',
  'text/cache-manifest',
]);

/**
 * Types shown inline when a person opens an object's URL: they render without running anything
 * (raster images, plain text under `nosniff`, audio and video). Everything else, PDFs included
 * (a sandboxed document cannot show the PDF viewer), is sent as an attachment.
 */
export function isSafeInline(essence: string): boolean {
  return SAFE_INLINE.has(essence);
}

const SAFE_INLINE = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/bmp',
  'text/plain',
  'video/mp4',
  'video/webm',
  'audio/mpeg',
  'audio/ogg',
  'audio/wav',
]);
