import type { IncomingHttpHeaders } from 'node:http';

/** The `Prefer` preferences PostgREST honours (`Preferences.hs`); unknown tokens are ignored, as there. */
export interface Preferences {
  readonly return: 'minimal' | 'representation' | 'headers-only' | undefined;
  readonly count: 'exact' | 'planned' | 'estimated' | undefined;
  readonly resolution: 'merge-duplicates' | 'ignore-duplicates' | undefined;
  readonly missing: 'default' | 'null' | undefined;
  readonly rollback: boolean;
}

export function parsePrefer(headers: IncomingHttpHeaders): Preferences {
  const raw = headers.prefer;
  const tokens = (Array.isArray(raw) ? raw.join(',') : (raw ?? '')).split(',').map((token) => token.trim());
  const value = <T extends string>(name: string, allowed: readonly T[]): T | undefined => {
    for (const token of tokens) {
      const [key, val] = token.split('=').map((part) => part.trim());
      if (key === name && allowed.includes(val as T)) return val as T;
    }
    return undefined;
  };
  return {
    return: value('return', ['minimal', 'representation', 'headers-only'] as const),
    count: value('count', ['exact', 'planned', 'estimated'] as const),
    resolution: value('resolution', ['merge-duplicates', 'ignore-duplicates'] as const),
    missing: value('missing', ['default', 'null'] as const),
    rollback: value('tx', ['commit', 'rollback'] as const) === 'rollback',
  };
}

/** `Accept: application/vnd.pgrst.object+json` (`.single()`): the body must be exactly one object. */
export function wantsSingleObject(headers: IncomingHttpHeaders): boolean {
  return (headers.accept ?? '').includes('application/vnd.pgrst.object+json');
}
