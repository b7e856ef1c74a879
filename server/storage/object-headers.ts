import { formatMediaType, isActiveContent, isSafeInline, parseMediaType } from './media-type.ts';
import { servableCacheControl } from './upload-body.ts';

/**
 * The policy every object response carries, whoever asks and however: an object is data, never
 * a page of the server's origin. `sandbox` gives a document opened from an object URL an opaque
 * origin (no access to the app's storage, cookies or service worker) and no scripts or plugins;
 * `default-src 'none'` lets it load nothing but itself.
 */
export const OBJECT_CSP =
  "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'";

export interface ServedObject {
  readonly name: string;
  readonly mimetype: string | undefined;
  readonly cacheControl: string | undefined;
}

/**
 * Content-Type, Content-Disposition and the protective headers of an object response. The type
 * is sent as parsed (one type, at most a charset); a stored value that does not parse, or one
 * of an active type stored before such types were refused, goes out as an attachment.
 * `download` is Storage's `?download` parameter: present means attachment, its value the file
 * name (empty: the object's own name).
 */
export function objectHeaders(object: ServedObject, download: string | null): Record<string, string> {
  const type = parseMediaType(object.mimetype ?? '');
  const contentType = type ? formatMediaType(type) : 'application/octet-stream';
  const inline =
    download === null && type !== undefined && isSafeInline(type.essence) && !isActiveContent(type.essence);
  const filename = download || object.name.slice(object.name.lastIndexOf('/') + 1);
  return {
    'Content-Type': contentType,
    'Content-Disposition': `${inline ? 'inline' : 'attachment'}; ${dispositionFilename(filename)}`,
    'Cache-Control': servableCacheControl(object.cacheControl),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': OBJECT_CSP,
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

/** RFC 6266: an ASCII fallback and the UTF-8 name, so no name can break out of the header. */
function dispositionFilename(name: string): string {
  const ascii =
    name
      .normalize('NFKD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/["\\]/g, '_') || 'file';
  return `filename="${ascii}"; filename*=UTF-8''${encodeRFC5987(name)}`;
}

function encodeRFC5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
