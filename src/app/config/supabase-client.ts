import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { AppConfig } from './app-config.ts';

/** Where supabase-js keeps the session; the engine and the sign-out flow refer to it by name. */
export const authStorageKey = 'clinica-auth';

export function createSupabaseClient(config: AppConfig): SupabaseClient {
  return createClient(config.supabaseUrl, config.anonKey, {
    auth: {
      storageKey: authStorageKey,
      persistSession: true,
      autoRefreshToken: true,
      detectSessionInUrl: false,
    },
    // postgrest-js retries GETs on network errors for 7 s; the app reads the local copy instead.
    db: { retry: false },
  });
}
