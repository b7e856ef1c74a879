/// <reference lib="webworker" />
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

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

const backendPaths = [/^\/rest\//, /^\/auth\//, /^\/storage\//, /^\/realtime\//, /^\/functions\//, /^\/app-config\.json$/];
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: backendPaths }));

// The page decides when a waiting version takes over (the "new version available" prompt).
self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const data: unknown = event.data;
  if (typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'SKIP_WAITING') {
    void self.skipWaiting();
  }
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});
