import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { SyncEngineConnection } from '../../engine/connect-sync-engine.ts';
import type { SyncStatus } from '../../engine/engine-api.ts';
import { shareSessionWithServiceWorker } from '../pwa/service-worker-session.ts';

/**
 * The sync engine as the UI sees it: its last reported status and the command API. The engine
 * runs in this tab's sync worker (one leader per browser profile pushes and pulls); this context
 * only holds the connection, feeds it every access token, and mirrors its status into React.
 */
export type ConnectEngine = (accessToken: string | null) => Promise<SyncEngineConnection>;

export type EngineApi = SyncEngineConnection['api'];

export interface SyncEngineView {
  /** Null until the worker has reported once. */
  readonly status: SyncStatus | null;
  /** Null until connected; screens disable sync commands meanwhile. */
  readonly api: EngineApi | null;
  readonly connectError: string | null;
  /** Stops this tab's worker (before sign-out or a wipe). */
  stop(): Promise<void>;
}

const SyncEngineContext = createContext<SyncEngineView>({
  status: null,
  api: null,
  connectError: null,
  stop: () => Promise.resolve(),
});

export function SyncEngineProvider({
  supabase,
  connect,
  children,
}: {
  supabase: SupabaseClient;
  connect: ConnectEngine;
  children: ReactNode;
}) {
  const [connection, setConnection] = useState<SyncEngineConnection | null>(null);
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [connectError, setConnectError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    let opened: SyncEngineConnection | null = null;
    void (async () => {
      try {
        const { data } = await supabase.auth.getSession();
        const token = data.session?.access_token ?? null;
        shareSessionWithServiceWorker(token);
        const value = await connect(token);
        if (cancelled) return void value.close();
        opened = value;
        setConnection(value);
      } catch (error) {
        if (!cancelled) setConnectError(error instanceof Error ? error.message : String(error));
      }
    })();
    return () => {
      cancelled = true;
      void opened?.close();
    };
  }, [connect, supabase]);

  // Every session change (sign-in, refresh, sign-out) reaches the worker and the service worker,
  // neither of which can read the session from localStorage themselves.
  useEffect(() => {
    if (!connection) return;
    const { data } = supabase.auth.onAuthStateChange((_event, session) => {
      const token = session?.access_token ?? null;
      void connection.api.setAccessToken(token);
      shareSessionWithServiceWorker(token);
    });
    return () => data.subscription.unsubscribe();
  }, [connection, supabase]);

  useEffect(() => {
    if (!connection) return;
    let stop: (() => Promise<void>) | null = null;
    let cancelled = false;
    void connection.onStatus(setStatus).then((unsubscribe) => {
      if (cancelled) void unsubscribe();
      else stop = unsubscribe;
    });
    return () => {
      cancelled = true;
      void stop?.();
    };
  }, [connection]);

  const view: SyncEngineView = {
    status,
    api: connection?.api ?? null,
    connectError,
    async stop() {
      if (!connection) return;
      setConnection(null);
      await connection.close();
    },
  };
  return <SyncEngineContext.Provider value={view}>{children}</SyncEngineContext.Provider>;
}

export function useSyncEngine(): SyncEngineView {
  return useContext(SyncEngineContext);
}
