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
import { openClinicDb } from '../src/engine/local-db.ts';
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
  if (!session?.accessToken) return recordPush('skipped: no session');
  const token = session.accessToken;
  try {
    await waitOutShortBackoff();
    const remote = createSupabaseRemote({
      url: session.supabaseUrl,
      anonKey: session.anonKey,
      accessToken: async () => token,
    });
    const outcome = await runPushCycle({ remote, locks: navigator.locks });
    await recordPush(JSON.stringify(outcome));
    if (outcome.kind !== 'ok') throw new Error(`background push failed: ${outcome.kind}`);
    if ((await waitingEntries()).length > 0) throw new Error('entries still waiting: retry later');
  } catch (error) {
    await recordPush(`error: ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  }
}

/** Entries the server has not confirmed and that nobody has to decide on first. */
async function waitingEntries(): Promise<{ readonly nextAttemptAt: number }[]> {
  const db = await openClinicDb();
  try {
    return await db.outbox.where('state').anyOf('pending', 'sending').toArray();
  } finally {
    db.close();
  }
}

/**
 * The tab's engine may have put the outbox in backoff while the link was down; the push cycle
 * honours it. A wait of up to 30 s is served here (the sync event keeps the worker alive);
 * longer ones end the event as failed, and the browser retries later.
 */
async function waitOutShortBackoff(): Promise<void> {
  const entries = await waitingEntries();
  if (entries.length === 0) return;
  const wait = Math.min(...entries.map((entry) => entry.nextAttemptAt)) - Date.now();
  if (wait > 0 && wait <= 30_000) await new Promise((done) => setTimeout(done, wait + 50));
}

/** The last Background Sync outcome, kept next to the session for support and tests. */
async function recordPush(outcome: string): Promise<void> {
  const cache = await caches.open(sessionCache);
  const body = JSON.stringify({ at: new Date().toISOString(), outcome });
  await cache.put(
    '/__clinica/last-push',
    new Response(body, { headers: { 'Content-Type': 'application/json' } }),
  );
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
