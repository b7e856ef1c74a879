import { useTranslation } from 'react-i18next';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { Live, Empty } from '../../components/screen-states.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { auditLineText } from './audit-line.ts';

/** The engine's audit trail on this device (newest first): discards, retries, conflicts, resets. */
export function AuditLog() {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const records = useLiveQuery(() => db.audit.orderBy('seq').reverse().limit(200).toArray(), [db]);
  return (
    <div>
      <h2>{t('syncPanel.audit')}</h2>
      <Live result={records}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t('syncPanel.auditEmpty')}</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="audit-log">
                <thead>
                  <tr>
                    <th>{t('syncPanel.when')}</th>
                    <th>{t('syncPanel.kind')}</th>
                    <th>{t('syncPanel.message')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((record) => (
                    <tr key={record.seq}>
                      <td>{formatDateTime(record.at, i18n.language)}</td>
                      <td>
                        <span className="badge" data-kind={record.kind}>
                          {t(`syncPanel.auditKinds.${record.kind}`, { defaultValue: record.kind })}
                        </span>
                      </td>
                      <td>{auditLineText(t, record)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Live>
    </div>
  );
}
