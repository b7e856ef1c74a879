import type { i18n } from 'i18next';
import type { SupabaseClient } from '@supabase/supabase-js';
import { I18nextProvider } from 'react-i18next';
import { AuthProvider, useAuth } from './auth/auth-context.tsx';
import { SignInPage } from './auth/sign-in-page.tsx';
import { ClinicDataProvider } from './data/clinic-data-context.tsx';
import { SyncEngineProvider } from './sync/sync-engine-context.tsx';
import { UpdatePrompt } from './pwa/update-prompt.tsx';
import { AppRouter } from './routes.tsx';

export interface AppProps {
  readonly i18n: i18n;
  readonly supabase: SupabaseClient;
}

export function App({ i18n, supabase }: AppProps) {
  return (
    <I18nextProvider i18n={i18n}>
      <AuthProvider supabase={supabase}>
        <SignedInGate />
        <UpdatePrompt />
      </AuthProvider>
    </I18nextProvider>
  );
}

/** Nothing of the clinic's data is opened before someone has signed in on this device. */
function SignedInGate() {
  const { state } = useAuth();
  if (state.kind === 'loading') return <p className="state">…</p>;
  if (state.kind === 'signed-out') return <SignInPage expired={state.expired} />;
  return (
    <ClinicDataProvider>
      <SyncEngineProvider>
        <AppRouter />
      </SyncEngineProvider>
    </ClinicDataProvider>
  );
}
