import { useTranslation } from 'react-i18next';
import type { LiveResult } from '../data/use-live-query.ts';
import type { ReactNode } from 'react';

/** The three states every screen shows the same way: loading, error, and empty. */
export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="state" role="status" aria-live="polite">
      {t('common.loading')}
    </p>
  );
}

export function LoadError({ error }: { error: Error }) {
  const { t } = useTranslation();
  return (
    <div className="alert alert--error" role="alert">
      <p>{t('app.error')}</p>
      <p className="muted">{error.message}</p>
      <button type="button" className="button" onClick={() => window.location.reload()}>
        {t('app.retry')}
      </button>
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <p className="state" data-testid="empty-state">
      {children}
    </p>
  );
}

/** Renders `ready` with the value, or the loading / error state. */
export function Live<T>({ result, children }: { result: LiveResult<T>; children: (value: T) => ReactNode }) {
  if (result.kind === 'loading') return <Loading />;
  if (result.kind === 'error') return <LoadError error={result.error} />;
  return <>{children(result.value)}</>;
}
