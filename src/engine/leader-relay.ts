import type { SyncStatus } from './engine-api.ts';

/**
 * How the workers of one browser profile talk: a BroadcastChannel per local database. The leader
 * answers the commands that need the network (only it syncs) and announces every status; the
 * other workers forward those commands to it and pass its statuses on to their tabs.
 *
 * Guarantee: a request is answered at most once, by the leader of the moment; with no leader
 * (between one leaving and the next taking over) it times out and the caller gets a refusal.
 */
export type RelayMethod = 'syncNow' | 'resetSyncState' | 'forceFullResync' | 'runIntegrityCheck';

type RelayMessage =
  | {
      readonly kind: 'request';
      readonly id: string;
      readonly method: RelayMethod;
      readonly args: readonly unknown[];
    }
  | { readonly kind: 'response'; readonly id: string; readonly value: unknown }
  | { readonly kind: 'status'; readonly status: SyncStatus };

export interface LeaderRelay {
  /** As leader: answer forwarded requests with `handle`. Returns the function that stops answering. */
  serve(handle: (method: RelayMethod, args: readonly unknown[]) => Promise<unknown>): () => void;
  announce(status: SyncStatus): void;
  /** As follower: ask the leader; null when no leader answered within `timeoutMs`. */
  ask(method: RelayMethod, args: readonly unknown[], timeoutMs?: number): Promise<{ value: unknown } | null>;
  onStatus(listener: (status: SyncStatus) => void): () => void;
  close(): void;
}

export function createLeaderRelay(databaseName: string): LeaderRelay {
  const channel = new BroadcastChannel(`clinic-sync:${databaseName}`);
  const waiting = new Map<string, (value: unknown) => void>();
  const statusListeners = new Set<(status: SyncStatus) => void>();
  let handler: ((method: RelayMethod, args: readonly unknown[]) => Promise<unknown>) | null = null;

  channel.onmessage = (event: MessageEvent<RelayMessage>) => {
    const message = event.data;
    if (message.kind === 'response') waiting.get(message.id)?.(message.value);
    else if (message.kind === 'status') for (const listener of statusListeners) listener(message.status);
    else if (handler) {
      const serve = handler;
      void serve(message.method, message.args).then(
        (value) => channel.postMessage({ kind: 'response', id: message.id, value } satisfies RelayMessage),
        (error: unknown) =>
          channel.postMessage({
            kind: 'response',
            id: message.id,
            value: { ok: false, error: { kind: 'command_error', code: 'offline', message: String(error) } },
          } satisfies RelayMessage),
      );
    }
  };

  return {
    serve(handle) {
      handler = handle;
      return () => {
        if (handler === handle) handler = null;
      };
    },
    announce: (status) => channel.postMessage({ kind: 'status', status } satisfies RelayMessage),
    ask(method, args, timeoutMs = 60_000) {
      const id = crypto.randomUUID();
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          resolve(null);
        }, timeoutMs);
        waiting.set(id, (value) => {
          clearTimeout(timer);
          waiting.delete(id);
          resolve({ value });
        });
        channel.postMessage({ kind: 'request', id, method, args } satisfies RelayMessage);
      });
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    close() {
      handler = null;
      channel.close();
    },
  };
}
