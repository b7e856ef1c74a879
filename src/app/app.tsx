import { useCallback } from 'react';
import type { i18n } from 'i18next';
import type { SupabaseClient } from '@supabase/supabase-js';
import { I18nextProvider } from 'react-i18next';
import { connectSyncEngine } from '../engine/connect-sync-engine.ts';
import type { AppConfig } from './config/app-config.ts';
import { AppConfigProvider } from './config/app-config-context.tsx';
import { AuthProvider, useAuth } from './auth/auth-context.tsx';
import { SignInPage } from './auth/sign-in-page.tsx';
import { ClinicDataProvider } from './data/clinic-data-context.tsx';
import { SyncEngineProvider } from './sync/sync-engine-context.tsx';
import { UpdatePrompt } from './pwa/update-prompt.tsx';
import { AppRouter } from './routes.tsx';

export interface AppProps {
  readonly i18n: i18n;
  readonly supabase: SupabaseClient;
  readonly config: AppConfig;
}

export function App({ i18n, supabase, config }: AppProps) {
  return (
    <I18nextProvider i18n={i18n}>
      <AppConfigProvider config={config}>
        <AuthProvider supabase={supabase}>
          <SignedInGate config={config} />
          <UpdatePrompt />
        </AuthProvider>
      </AppConfigProvider>
    </I18nextProvider>
  );
}

/** Nothing of the clinic's data is opened before someone has signed in on this device. */
function SignedInGate({ config }: { config: AppConfig }) {
  const { state, supabase } = useAuth();
  const connect = useCallback(
    (accessToken: string | null) =>
      connectSyncEngine({ supabaseUrl: config.supabaseUrl, anonKey: config.anonKey, accessToken }),
    [config],
  );
  if (state.kind === 'loading') return <p className="state">…</p>;
  if (state.kind === 'signed-out') return <SignInPage expired={state.expired} />;
  return (
    <ClinicDataProvider>
      <SyncEngineProvider supabase={supabase} connect={connect}>
        <AppRouter />
      </SyncEngineProvider>
    </ClinicDataProvider>
  );
}
