import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';

/**
 * The sync engine as the UI sees it: what it is doing now and how to ask it for something. The
 * engine itself runs in a dedicated worker (one leader tab pushes and pulls); this context only
 * holds the connection and its last reported status.
 */
export type EnginePhase = 'starting' | 'idle' | 'syncing' | 'error';

export interface SyncEngineCommands {
  /** Stops syncing in this tab (before sign-out or a wipe). */
  stop(): Promise<void>;
  syncNow(): Promise<void>;
}

export interface SyncEngineView {
  readonly phase: EnginePhase;
  readonly message: string | null;
  /** Rows received since this device started syncing (for the first-sync progress bar). */
  readonly pulledRows: number;
  readonly commands: SyncEngineCommands;
}

const idleCommands: SyncEngineCommands = {
  stop: () => Promise.resolve(),
  syncNow: () => Promise.resolve(),
};

const initialView: SyncEngineView = { phase: 'starting', message: null, pulledRows: 0, commands: idleCommands };

const SyncEngineContext = createContext<SyncEngineView>(initialView);

export function SyncEngineProvider({ children }: { children: ReactNode }) {
  const [view] = useState<SyncEngineView>(initialView);
  useEffect(() => {
    // connected to the engine worker once it exists
  }, []);
  return <SyncEngineContext.Provider value={view}>{children}</SyncEngineContext.Provider>;
}

export function useSyncEngine(): SyncEngineView {
  return useContext(SyncEngineContext);
}
