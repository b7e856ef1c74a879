import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitcher } from '../../layout/language-switcher.tsx';
import { formatBytes } from '../../i18n/format.ts';

interface StorageInfo {
  readonly persisted: boolean | null;
  readonly usage: number | null;
  readonly quota: number | null;
}

/**
 * Persistent storage keeps the browser from evicting the clinic's copy under disk pressure; the
 * app asks for it once here and shows the answer with the space used.
 */
export function SettingsPage() {
  const { t, i18n } = useTranslation();
  const [info, setInfo] = useState<StorageInfo | null>(null);

  async function refresh(request: boolean) {
    const storage = navigator.storage as StorageManager | undefined;
    if (!storage) {
      setInfo({ persisted: null, usage: null, quota: null });
      return;
    }
    const persisted = request ? await storage.persist() : await storage.persisted();
    const estimate = await storage.estimate();
    setInfo({ persisted, usage: estimate.usage ?? null, quota: estimate.quota ?? null });
  }

  useEffect(() => {
    void refresh(true);
  }, []);

  const mb = (bytes: number | null) => (bytes === null ? '—' : formatBytes(bytes, i18n.language));

  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <h2>{t('language.label')}</h2>
      <LanguageSwitcher />
      <h2>{t('settings.storage')}</h2>
      {info === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : (
        <dl className="stats" data-testid="storage-info">
          <div className="stat">
            <dt className="muted">{t('settings.persisted')}</dt>
            <dd className="stat__value" data-testid="storage-persisted">
              {info.persisted === null ? '—' : info.persisted ? t('common.yes') : t('common.no')}
            </dd>
          </div>
          <div className="stat">
            <dt className="muted">{t('settings.usage')}</dt>
            <dd className="stat__value">{mb(info.usage)}</dd>
          </div>
          <div className="stat">
            <dt className="muted">{t('settings.quota')}</dt>
            <dd className="stat__value">{mb(info.quota)}</dd>
          </div>
        </dl>
      )}
      {info?.persisted === false && <p className="alert alert--warn">{t('settings.notPersisted')}</p>}
      <button type="button" className="button" onClick={() => void refresh(true)}>
        {t('settings.requestPersist')}
      </button>
      <h2>{t('settings.about')}</h2>
      <p className="muted" data-testid="app-build">
        {t('settings.build', { build: (import.meta.env['VITE_BUILD_ID'] as string | undefined) ?? 'dev' })}
      </p>
    </section>
  );
}
