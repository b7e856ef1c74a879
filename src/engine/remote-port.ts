import type { ValidPullResponse } from '../core/protocol/pull.ts';
import type { Mutation, PushResponse } from '../core/protocol/push.ts';
import type { Digest } from '../core/protocol/digest.ts';
import type { ProtocolError } from '../core/protocol/protocol-error.ts';

/**
 * The server as the engine sees it: the sync RPCs of DESIGN §3 and the realtime poke.
 *
 * Guarantees an implementation must keep:
 * - Every answer is parsed and checked with the core's wire parsers before it is returned (revs
 *   ascending, one push result per mutation in order); a malformed answer is
 *   `{ kind: 'protocol-error' }`, never a half-read value.
 * - Failures are values: `offline` (no answer: network down, connection reset, timeout),
 *   `unauthorized` (the session is missing or expired), `server-error` (an answer that is an
 *   error). After `offline` or `server-error` on a push, the mutations may or may not have been
 *   applied: the caller re-sends the same `mid`s.
 * - `onPoke` listeners are called after a server commit that wrote synced rows; pokes can be
 *   lost (the engine also pulls on a timer), never invented.
 */
export interface SyncRemote {
  /**
   * `knownHorizon`: the purge horizon the local copy is consistent with (null when unknown); the
   * server answers `reset` to a cursor below its horizon only when this is below it too.
   */
  pull(
    since: number,
    maxRows: number,
    knownHorizon?: number | null,
  ): Promise<RemoteResult<ValidPullResponse>>;
  push(clientId: string, mutations: readonly Mutation[]): Promise<RemoteResult<PushResponse>>;
  digest(table: string): Promise<RemoteResult<Digest>>;
  /**
   * Subscribes to pokes; returns the unsubscribe function. The listener gets the poke's rev, or
   * null when pokes may have been missed: the subscription was (re)established, or was lost.
   */
  onPoke(listener: (rev: number | null) => void): () => void;
  /**
   * Whether the server answers at all, asked while the link seems down: a cheap request that does
   * no database work, given up after a few seconds. Never throws.
   */
  reachable(): Promise<boolean>;
  close(): Promise<void>;
}

export type RemoteFailure =
  | { readonly kind: 'offline'; readonly message: string }
  | { readonly kind: 'unauthorized'; readonly message: string }
  | {
      readonly kind: 'server-error';
      readonly status: number;
      readonly code: string;
      readonly message: string;
    }
  | { readonly kind: 'protocol-error'; readonly error: ProtocolError };

export type RemoteResult<T> =
  { readonly kind: 'ok'; readonly value: T; readonly bytes: number } | RemoteFailure;

export function describeFailure(failure: RemoteFailure): string {
  switch (failure.kind) {
    case 'offline':
      return `offline: ${failure.message}`;
    case 'unauthorized':
      return `unauthorized: ${failure.message}`;
    case 'server-error':
      return `server error ${failure.status} ${failure.code}: ${failure.message}`;
    case 'protocol-error':
      return `bad server answer (${failure.error.code}): ${failure.error.message}`;
  }
}
