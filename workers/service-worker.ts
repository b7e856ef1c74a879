/// <reference lib="webworker" />
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
  type PrecacheEntry,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { runPushCycle } from '../src/engine/push-cycle.ts';
import { createSupabaseRemote } from '../src/engine/supabase-remote.ts';
import { outboxSyncTag, type ServiceWorkerSession } from '../src/app/pwa/service-worker-session.ts';

/**
 * The app's service worker: keeps the app shell (every built file) so the app starts with no
 * network, answers every navigation with that shell (client-side routes work offline), and runs
 * Background Sync to flush the outbox while no tab is syncing.
 *
 * It never caches the backend: /rest, /auth, /storage, /realtime and /app-config.json always go
 * to the network, because clinic data lives in IndexedDB, not in HTTP caches.
 */
declare const self: ServiceWorkerGlobalScope & { readonly __WB_MANIFEST: (string | PrecacheEntry)[] };

cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);

const backendPaths = [
  /^\/rest\//,
  /^\/auth\//,
  /^\/storage\//,
  /^\/realtime\//,
  /^\/functions\//,
  /^\/app-config\.json$/,
];
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: backendPaths }));

// The page decides when a waiting version takes over (the "new version available" prompt), and
// posts the backend and session that Background Sync needs (kept in Cache Storage, since the
// browser may stop and restart this worker between the post and the sync event).
const sessionCache = 'clinica-session';
const sessionKey = '/__clinica/session';

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const data: unknown = event.data;
  if (typeof data !== 'object' || data === null) return;
  const type = (data as { type?: unknown }).type;
  if (type === 'SKIP_WAITING') void self.skipWaiting();
  if (type === 'SESSION') event.waitUntil(saveSession(data as ServiceWorkerSession));
});

async function saveSession(session: ServiceWorkerSession): Promise<void> {
  const cache = await caches.open(sessionCache);
  await cache.put(
    sessionKey,
    new Response(JSON.stringify(session), { headers: { 'Content-Type': 'application/json' } }),
  );
}

async function loadSession(): Promise<ServiceWorkerSession | null> {
  const response = await (await caches.open(sessionCache)).match(sessionKey);
  return response ? ((await response.json()) as ServiceWorkerSession) : null;
}

/**
 * Background Sync: push the outbox with the engine's own push cycle, under the same push lock as
 * the sync worker. A failure rejects, so the browser schedules another attempt.
 */
async function pushOutbox(): Promise<void> {
  const session = await loadSession();
  if (!session?.accessToken) return;
  const token = session.accessToken;
  const remote = createSupabaseRemote({
    url: session.supabaseUrl,
    anonKey: session.anonKey,
    accessToken: async () => token,
  });
  const outcome = await runPushCycle({ remote, locks: navigator.locks });
  if (outcome.kind !== 'ok') throw new Error(`background push failed: ${outcome.kind}`);
}

interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}

self.addEventListener('sync', (event) => {
  const syncEvent = event as SyncEvent;
  if (syncEvent.tag === outboxSyncTag) syncEvent.waitUntil(pushOutbox());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});
