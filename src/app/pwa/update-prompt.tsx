import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { registerServiceWorker, type ServiceWorkerHandle } from './service-worker-registration.ts';

/** The "new version available — reload" banner, and a short note when the app is first cached. */
export function UpdatePrompt() {
  const { t } = useTranslation();
  const [waiting, setWaiting] = useState<ServiceWorkerHandle | null>(null);
  const [offlineReady, setOfflineReady] = useState(false);

  useEffect(() => {
    registerServiceWorker({ onUpdateWaiting: setWaiting, onOfflineReady: () => setOfflineReady(true) });
  }, []);

  useEffect(() => {
    if (!offlineReady) return;
    const timer = setTimeout(() => setOfflineReady(false), 6000);
    return () => clearTimeout(timer);
  }, [offlineReady]);

  if (waiting) {
    return (
      <div className="toast" role="alert">
        <button type="button" className="button button--primary" onClick={() => waiting.applyUpdate()}>
          {t('pwa.updateAvailable')}
        </button>
        <button type="button" className="button" onClick={() => setWaiting(null)}>
          {t('pwa.dismiss')}
        </button>
      </div>
    );
  }
  if (offlineReady) {
    return (
      <div className="toast" role="status" data-testid="offline-ready">
        {t('pwa.offlineReady')}
      </div>
    );
  }
  return null;
}
