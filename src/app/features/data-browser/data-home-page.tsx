import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { clinicDomains, clinicTables } from '../../../core/schema/clinic-tables.ts';
import { isSyncedTableName } from '../../../core/synced-tables.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { Live } from '../../components/screen-states.tsx';

/** `/data`: every synced table by domain, with how many live rows this device holds. */
export function DataHomePage() {
  const { t } = useTranslation();
  const db = useClinicDb();
  const counts = useLiveQuery(async () => {
    const found: Record<string, number> = {};
    for (const table of clinicTables) {
      if (isSyncedTableName(table.name))
        found[table.name] = await db
          .rows(table.name)
          .filter((row) => !row.deleted_at)
          .count();
    }
    return found;
  }, [db]);
  return (
    <section aria-labelledby="data-title">
      <h1 id="data-title">{t('data.title')}</h1>
      <p className="muted">{t('data.intro')}</p>
      <Live result={counts}>
        {(found) => (
          <div className="columns">
            {clinicDomains.map((domain) => (
              <div className="card" key={domain}>
                <h2>{t(`data.domains.${domain}`)}</h2>
                <ul>
                  {clinicTables
                    .filter((table) => table.domain === domain)
                    .map((table) => (
                      <li key={table.name}>
                        <Link to={`/data/${table.name}`}>{t(`tables.${table.name}`)}</Link>{' '}
                        <span className="muted">({found[table.name] ?? 0})</span>
                      </li>
                    ))}
                </ul>
              </div>
            ))}
          </div>
        )}
      </Live>
    </section>
  );
}
