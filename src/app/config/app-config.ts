import { z } from 'zod';

/**
 * Where the app finds its backend. A build for a hosted Supabase project carries
 * VITE_SUPABASE_URL / VITE_SUPABASE_ANON_KEY; a build served by the local server has neither and
 * asks the same origin (`GET /app-config.json`). The answer is kept in localStorage so that the
 * next start, possibly offline, needs no request.
 */
export const appConfigSchema = z.object({
  supabaseUrl: z.string().regex(/^https?:\/\//),
  anonKey: z.string().min(1),
});
export type AppConfig = z.infer<typeof appConfigSchema>;

export type AppConfigResult =
  | { readonly kind: 'ok'; readonly config: AppConfig; readonly source: 'build' | 'server' | 'cache' }
  | { readonly kind: 'unavailable'; readonly reason: string };

const cacheKey = 'clinica.app-config';

export interface AppConfigSources {
  readonly buildUrl: string | undefined;
  readonly buildKey: string | undefined;
  readonly fetchConfig: () => Promise<unknown>;
  readonly storage: Pick<Storage, 'getItem' | 'setItem'>;
}

export async function loadAppConfig(sources: AppConfigSources): Promise<AppConfigResult> {
  if (sources.buildUrl && sources.buildKey) {
    const parsed = appConfigSchema.safeParse({ supabaseUrl: sources.buildUrl, anonKey: sources.buildKey });
    if (parsed.success) return { kind: 'ok', config: parsed.data, source: 'build' };
    return { kind: 'unavailable', reason: `invalid build configuration: ${parsed.error.message}` };
  }
  try {
    const parsed = appConfigSchema.safeParse(await sources.fetchConfig());
    if (parsed.success) {
      sources.storage.setItem(cacheKey, JSON.stringify(parsed.data));
      return { kind: 'ok', config: parsed.data, source: 'server' };
    }
  } catch {
    // offline or no such endpoint: fall back to the copy kept from the last online start
  }
  const cached = readCached(sources.storage);
  if (cached) return { kind: 'ok', config: cached, source: 'cache' };
  return {
    kind: 'unavailable',
    reason: 'no build configuration, /app-config.json unreachable and nothing cached',
  };
}

function readCached(storage: Pick<Storage, 'getItem'>): AppConfig | undefined {
  const raw = storage.getItem(cacheKey);
  if (!raw) return undefined;
  try {
    const parsed = appConfigSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The browser's sources: Vite's build-time env, the same-origin endpoint and localStorage. */
export function browserConfigSources(): AppConfigSources {
  return {
    buildUrl: import.meta.env['VITE_SUPABASE_URL'] as string | undefined,
    buildKey: import.meta.env['VITE_SUPABASE_ANON_KEY'] as string | undefined,
    fetchConfig: async () => {
      // Short timeout: on a captive or dead link the cached copy is better than a hanging start.
      const response = await fetch('/app-config.json', {
        cache: 'no-store',
        signal: AbortSignal.timeout(3000),
      });
      if (!response.ok) throw new Error(`app-config.json: HTTP ${response.status}`);
      return (await response.json()) as unknown;
    },
    storage: localStorage,
  };
}
