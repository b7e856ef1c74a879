import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { openClinicDb, type ClinicDb } from '../../engine/local-db.ts';

/**
 * The local database, opened once per signed-in app. Screens read it with `useLiveQuery` and
 * write with the engine's `mutate`; they never call the network.
 */
const ClinicDataContext = createContext<ClinicDb | null>(null);

export function ClinicDataProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [db, setDb] = useState<ClinicDb | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let opened: ClinicDb | null = null;
    let cancelled = false;
    openClinicDb().then(
      (database) => {
        opened = database;
        if (cancelled) database.close();
        else setDb(database);
      },
      (cause: unknown) => setError(cause instanceof Error ? cause.message : String(cause)),
    );
    return () => {
      cancelled = true;
      opened?.close();
    };
  }, []);

  if (error) {
    return (
      <p className="alert alert--error" role="alert">
        {t('app.error')} {error}
      </p>
    );
  }
  if (!db) return <p className="state">{t('app.loading')}</p>;
  return <ClinicDataContext.Provider value={db}>{children}</ClinicDataContext.Provider>;
}

export function useClinicDb(): ClinicDb {
  const db = useContext(ClinicDataContext);
  if (!db) throw new Error('useClinicDb outside <ClinicDataProvider>');
  return db;
}
