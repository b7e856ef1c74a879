/**
 * The service worker runs Background Sync when no tab may be open, so it needs the backend and
 * the user's token; it cannot read localStorage. The page posts them on every session change and
 * the service worker keeps the last copy (see workers/service-worker.ts). An expired token makes
 * that push fail with an auth error; Background Sync then retries later, by which time an open
 * tab has posted a fresh token.
 */
export interface ServiceWorkerSession {
  readonly type: 'SESSION';
  readonly supabaseUrl: string;
  readonly anonKey: string;
  readonly accessToken: string | null;
}

let backend: { supabaseUrl: string; anonKey: string } | null = null;

export function setServiceWorkerBackend(supabaseUrl: string, anonKey: string): void {
  backend = { supabaseUrl, anonKey };
}

export function shareSessionWithServiceWorker(accessToken: string | null): void {
  if (!backend || !('serviceWorker' in navigator)) return;
  const message: ServiceWorkerSession = { type: 'SESSION', ...backend, accessToken };
  void navigator.serviceWorker.ready.then((registration) => registration.active?.postMessage(message));
}

/** Asks the browser to run the service worker's outbox push when the link is back. */
export function requestBackgroundPush(): void {
  if (!('serviceWorker' in navigator)) return;
  void navigator.serviceWorker.ready.then(async (registration) => {
    const sync = (
      registration as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }
    ).sync;
    await sync?.register(outboxSyncTag).catch(() => undefined);
  });
}

export const outboxSyncTag = 'clinic-outbox-push';
