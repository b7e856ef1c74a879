import { Workbox } from 'workbox-window';

/**
 * Registers workers/service-worker.ts and reports a waiting update. The new worker takes over only
 * when the user accepts the prompt (it may otherwise swap code under an open form); accepting
 * sends SKIP_WAITING and reloads once the new worker controls the page.
 */
export interface ServiceWorkerHandle {
  /** Activates the waiting worker and reloads the page. */
  applyUpdate(): void;
}

export interface ServiceWorkerEvents {
  onUpdateWaiting(handle: ServiceWorkerHandle): void;
  onOfflineReady(): void;
}

export function registerServiceWorker(events: ServiceWorkerEvents): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  const wb = new Workbox('/service-worker.js', { scope: '/', type: 'module' });
  const handle: ServiceWorkerHandle = {
    applyUpdate() {
      wb.addEventListener('controlling', () => window.location.reload());
      wb.messageSkipWaiting();
    },
  };
  wb.addEventListener('waiting', () => events.onUpdateWaiting(handle));
  wb.addEventListener('installed', (event) => {
    if (!event.isUpdate) events.onOfflineReady();
  });
  void wb.register();
}
