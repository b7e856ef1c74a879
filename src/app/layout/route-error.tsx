import { useRouteError } from 'react-router-dom';
import { useTranslation } from 'react-i18next';

/** A screen that threw: say so, keep the way out (reload), never a blank page. */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  return (
    <main className="main" id="main">
      <div className="alert alert--error" role="alert">
        <p>{t('app.error')}</p>
        <p className="muted">{error instanceof Error ? error.message : String(error)}</p>
        <button type="button" className="button" onClick={() => window.location.reload()}>
          {t('app.retry')}
        </button>
      </div>
    </main>
  );
}
