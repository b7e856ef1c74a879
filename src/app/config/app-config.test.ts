import { describe, expect, it } from 'vitest';
import { loadAppConfig, type AppConfigSources } from './app-config.ts';

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    items,
  };
}

const served = { supabaseUrl: 'http://127.0.0.1:54321', anonKey: 'anon' };

function sources(overrides: Partial<AppConfigSources>): AppConfigSources {
  return {
    buildUrl: undefined,
    buildKey: undefined,
    fetchConfig: () => Promise.resolve(served),
    storage: memoryStorage(),
    ...overrides,
  };
}

describe('loadAppConfig', () => {
  it('prefers the build-time configuration and asks nobody', async () => {
    let asked = false;
    const result = await loadAppConfig(
      sources({
        buildUrl: 'https://abc.supabase.co',
        buildKey: 'key',
        fetchConfig: () => ((asked = true), Promise.resolve(served)),
      }),
    );
    expect(result).toEqual({
      kind: 'ok',
      config: { supabaseUrl: 'https://abc.supabase.co', anonKey: 'key' },
      source: 'build',
    });
    expect(asked).toBe(false);
  });

  it('takes the same-origin answer and keeps it for the next (offline) start', async () => {
    const storage = memoryStorage();
    expect(await loadAppConfig(sources({ storage }))).toEqual({
      kind: 'ok',
      config: served,
      source: 'server',
    });
    const offline = await loadAppConfig(
      sources({ storage, fetchConfig: () => Promise.reject(new TypeError('Failed to fetch')) }),
    );
    expect(offline).toEqual({ kind: 'ok', config: served, source: 'cache' });
  });

  it('rejects a malformed answer or build value with a reason, and never caches it', async () => {
    const storage = memoryStorage();
    const result = await loadAppConfig(
      sources({ storage, fetchConfig: () => Promise.resolve({ supabaseUrl: 'ftp://x', anonKey: '' }) }),
    );
    expect(result.kind).toBe('unavailable');
    expect(storage.items.size).toBe(0);
    expect((await loadAppConfig(sources({ buildUrl: 'not a url', buildKey: 'k' }))).kind).toBe('unavailable');
  });

  it('ignores a corrupt cached copy', async () => {
    const storage = memoryStorage({ 'clinica.app-config': '{not json' });
    const result = await loadAppConfig(
      sources({ storage, fetchConfig: () => Promise.reject(new Error('offline')) }),
    );
    expect(result.kind).toBe('unavailable');
  });
});
