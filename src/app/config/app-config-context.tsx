import { createContext, useContext, type ReactNode } from 'react';
import type { AppConfig } from './app-config.ts';

const AppConfigContext = createContext<AppConfig | null>(null);

/** The backend this app was started against, for the few parts that reach it without supabase-js. */
export function AppConfigProvider({ config, children }: { config: AppConfig; children: ReactNode }) {
  return <AppConfigContext.Provider value={config}>{children}</AppConfigContext.Provider>;
}

export function useAppConfig(): AppConfig {
  const config = useContext(AppConfigContext);
  if (!config) throw new Error('useAppConfig() outside <AppConfigProvider>');
  return config;
}
