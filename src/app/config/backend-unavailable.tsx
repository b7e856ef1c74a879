import type { i18n } from 'i18next';

/** Shown when no backend is known yet: first start on this device, and offline. */
export function BackendUnavailable({ i18n, reason }: { i18n: i18n; reason: string }) {
  return (
    <main className="sign-in" id="main">
      <div className="card sign-in__card" role="alert">
        <h1>{i18n.t('app.name')}</h1>
        <p>{i18n.t('app.backendUnavailable')}</p>
        <p className="muted">{reason}</p>
        <button type="button" className="button button--primary" onClick={() => window.location.reload()}>
          {i18n.t('app.retry')}
        </button>
      </div>
    </main>
  );
}
