import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { Live } from '../../components/screen-states.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import {
  asRecord as asRecordValue,
  diffRecords,
  recordOfVersion,
  type RecordDocument,
} from './record-sections.ts';

/**
 * Earlier versions of the record as the server kept them (`record_versions`, newest first). Each
 * entry opens a diff against the version that replaced it (the next one, or the current record).
 * Addenda written after signing are listed among them, at their time, with their text.
 */
export function VersionHistory({
  encounterId,
  current,
  currentSignedAt = null,
}: {
  encounterId: string;
  current: RecordDocument;
  /** The encounter's signature time now, to name the version its signing replaced. */
  currentSignedAt?: unknown;
}) {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const [open, setOpen] = useState<string | null>(null);
  // `replaced_by` is the server's `last_editor`: "<user or profile id>/<device id>".
  const editors = useLiveQuery(
    async () =>
      new Map((await db.rows('profiles').toArray()).map((p) => [p.id, String(p['full_name'] ?? '')])),
    [db],
  );
  const editorName = (value: unknown): string => {
    const text = typeof value === 'string' ? value : '';
    const person = text.split('/')[0] ?? '';
    return (editors.kind === 'ready' ? editors.value.get(person) : undefined) ?? person.slice(0, 8);
  };
  const versions = useLiveQuery(
    async () =>
      (
        await db
          .rows('record_versions')
          .filter((row) => row['encounter_id'] === encounterId)
          .toArray()
      ).sort((a, b) => String(b['replaced_at']).localeCompare(String(a['replaced_at']))),
    [db, encounterId],
  );
  const addenda = useLiveQuery(
    async () =>
      (await db.rows('encounter_addenda').where('encounter_id').equals(encounterId).toArray()).filter(
        (row) => !row.deleted_at,
      ),
    [db, encounterId],
  );
  const addendaList = addenda.kind === 'ready' ? addenda.value : [];
  const addendaBetween = (after: string, before: string | null) =>
    addendaList
      .filter(
        (a) => String(a['written_at']) > after && (before === null || String(a['written_at']) <= before),
      )
      .sort((a, b) => String(b['written_at']).localeCompare(String(a['written_at'])))
      .map((a) => (
        <li key={a.id} className="history-addendum" data-testid="history-addendum">
          <strong>{t('clinical.addenda.one')}</strong> —{' '}
          {formatDateTime(String(a['written_at']), i18n.language)} — {editorName(a['author_id'])}:{' '}
          {String(a['body'])}
        </li>
      ));
  return (
    <div>
      <h2>{t('encounters.history')}</h2>
      <Live result={versions}>
        {(list) =>
          list.length === 0 && addendaList.length === 0 ? (
            <p className="muted">{t('encounters.noHistory')}</p>
          ) : (
            <ol data-testid="version-history">
              {addendaBetween(String(list[0]?.['replaced_at'] ?? ''), null)}
              {list.map((version, index) => {
                const after = index === 0 ? current : recordOfVersion(list[index - 1]?.['version']);
                const changes = diffRecords(recordOfVersion(version['version']), after);
                const wasUnsigned = !asRecordValue(version['version'])['signed_at'];
                const nowSigned =
                  index === 0
                    ? Boolean(currentSignedAt)
                    : Boolean(asRecordValue(list[index - 1]?.['version'])['signed_at']);
                return (
                  <Fragment key={version.id}>
                    <li>
                      <button
                        type="button"
                        className="button button--small"
                        aria-expanded={open === version.id}
                        onClick={() => setOpen(open === version.id ? null : version.id)}
                      >
                        {formatDateTime(String(version['replaced_at']), i18n.language)} —{' '}
                        {editorName(version['replaced_by'])} (
                        {changes.length === 0 && wasUnsigned && nowSigned
                          ? t('encounters.signed')
                          : t('encounters.changedSections', { count: changes.length })}
                        )
                      </button>
                      {open === version.id && (
                        <div className="diff" style={{ gridTemplateColumns: '10rem 1fr 1fr' }}>
                          <div className="diff__head">{t('encounters.section')}</div>
                          <div className="diff__head">{t('encounters.before')}</div>
                          <div className="diff__head">{t('encounters.after')}</div>
                          {changes.map((change) => (
                            <div key={change.section} style={{ display: 'contents' }}>
                              <div>
                                <strong>
                                  {t(`encounters.sections.${change.section}`, {
                                    defaultValue: change.section,
                                  })}
                                </strong>
                              </div>
                              <div className="diff__contested">{change.before || '—'}</div>
                              <div className="diff__changed">{change.after || '—'}</div>
                            </div>
                          ))}
                        </div>
                      )}
                    </li>
                    {addendaBetween(
                      String(list[index + 1]?.['replaced_at'] ?? ''),
                      String(version['replaced_at']),
                    )}
                  </Fragment>
                );
              })}
            </ol>
          )
        }
      </Live>
    </div>
  );
}
