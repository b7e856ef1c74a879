import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { StoredConflict } from '../../../engine/local-records.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { Live, Empty } from '../../components/screen-states.tsx';
import { formatDateTime } from '../../i18n/format.ts';

/** `/conflicts`: edits the server could not take as they were, waiting for a person; then history. */
export function ConflictsPage() {
  const { t } = useTranslation();
  const db = useClinicDb();
  const conflicts = useLiveQuery(() => db.conflicts.orderBy('createdAt').reverse().toArray(), [db]);
  return (
    <section aria-labelledby="conflicts-title">
      <h1 id="conflicts-title">{t('conflicts.title')}</h1>
      <p className="muted">{t('conflicts.intro')}</p>
      <Live result={conflicts}>
        {(list) => {
          const open = list.filter((c) => c.state === 'open');
          const resolved = list.filter((c) => c.state === 'resolved');
          return (
            <>
              {open.length === 0 ? <Empty>{t('conflicts.none')}</Empty> : <ConflictTable list={open} />}
              <h2>{t('conflicts.history')}</h2>
              {resolved.length === 0 ? (
                <p className="muted">{t('conflicts.noHistory')}</p>
              ) : (
                <ConflictTable list={resolved} />
              )}
            </>
          );
        }}
      </Live>
    </section>
  );
}

function ConflictTable({ list }: { list: readonly StoredConflict[] }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="table" data-testid="conflict-list">
        <thead>
          <tr>
            <th>{t('syncPanel.when')}</th>
            <th>{t('syncPanel.table')}</th>
            <th>{t('conflicts.record')}</th>
            <th>{t('conflicts.fields')}</th>
            <th>{t('syncPanel.state')}</th>
          </tr>
        </thead>
        <tbody>
          {list.map((conflict) => (
            <tr key={conflict.id} data-testid="conflict-row" data-state={conflict.state}>
              <td>{formatDateTime(conflict.createdAt, i18n.language)}</td>
              <td>{t(`tables.${conflict.table}`)}</td>
              <td>
                <Link to={`/conflicts/${conflict.id}`}>{recordLabel(conflict)}</Link>
              </td>
              <td>
                {conflict.kind === 'edit_vs_delete'
                  ? t('conflicts.editVsDelete')
                  : conflict.fields.map((f) => f.column).join(', ')}
              </td>
              <td>
                {conflict.state === 'open' ? (
                  <span className="badge badge--conflict">{t('conflicts.open')}</span>
                ) : (
                  <span className="badge badge--done">
                    {t(`conflicts.choices.${conflict.resolution?.choice ?? 'values'}`)}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A human name for the row: its name-like column, else the start of its id. */
export function recordLabel(conflict: Pick<StoredConflict, 'theirs' | 'mine' | 'rowId'>): string {
  for (const column of ['full_name', 'name', 'description', 'number']) {
    const value = conflict.mine[column] ?? conflict.theirs[column];
    if (typeof value === 'string' && value) return value;
  }
  return conflict.rowId.slice(0, 8);
}
