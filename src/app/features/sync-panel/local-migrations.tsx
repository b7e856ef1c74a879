import { useTranslation } from 'react-i18next';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { Live, Empty } from '../../components/screen-states.tsx';
import { formatDateTime } from '../../i18n/format.ts';

/** Local database version and the data migrations applied on this device. */
export function LocalMigrations() {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const migrations = useLiveQuery(() => db.migrations.toArray(), [db]);
  return (
    <div>
      <h2>{t('syncPanel.migrations')}</h2>
      <p className="muted">{t('syncPanel.localVersion', { version: db.verno })}</p>
      <Live result={migrations}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t('syncPanel.noMigrations')}</Empty>
          ) : (
            <ul data-testid="local-migrations">
              {list.map((migration) => (
                <li key={migration.id}>
                  <code>{migration.id}</code> —{' '}
                  {t(`syncPanel.dataMigrations.${migration.id}`, { defaultValue: migration.description })} (
                  {formatDateTime(migration.executedAt, i18n.language)})
                </li>
              ))}
            </ul>
          )
        }
      </Live>
    </div>
  );
}
