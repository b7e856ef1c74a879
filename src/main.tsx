import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { BackendUnavailable } from './app/config/backend-unavailable.tsx';
import { browserConfigSources, loadAppConfig } from './app/config/app-config.ts';
import { createSupabaseClient } from './app/config/supabase-client.ts';
import { createI18n } from './app/i18n/i18n.ts';
import { setServiceWorkerBackend } from './app/pwa/service-worker-session.ts';
import './app/styles/app.css';
import './app/styles/clinical.css';
import './app/styles/billing.css';
import './app/styles/print.css';

// Start-up order: languages (bundled), then where the backend is (build env, same origin, or the
// copy kept from the last online start), then the app. Nothing here needs the network when a
// configuration was cached before.
async function start(): Promise<void> {
  const root = createRoot(document.getElementById('root') as HTMLElement);
  const i18n = await createI18n();
  const config = await loadAppConfig(browserConfigSources());
  if (config.kind === 'unavailable') {
    root.render(<BackendUnavailable i18n={i18n} reason={config.reason} />);
    return;
  }
  const supabase = createSupabaseClient(config.config);
  setServiceWorkerBackend(config.config.supabaseUrl, config.config.anonKey);
  root.render(
    <StrictMode>
      <App i18n={i18n} supabase={supabase} config={config.config} />
    </StrictMode>,
  );
}

void start();
