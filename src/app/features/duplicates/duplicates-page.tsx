import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { findDuplicateGroups, type DuplicateGroup } from '../../../core/dedup/duplicate-groups.ts';
import { rulesFor } from '../../../core/entity-rules.ts';
import type { LocalRow } from '../../../engine/local-records.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { Live, Empty } from '../../components/screen-states.tsx';
import { formatDate } from '../../i18n/format.ts';
import { mergePatients, planPatientMerge, type ReferenceMove } from './patient-merge.ts';

/** `/duplicates`: patients that share a document, a name and birth date, or a phone; merge them. */
export function DuplicatesPage() {
  const { t } = useTranslation();
  const db = useClinicDb();
  const patients = useLiveQuery(() => db.rows('patients').toArray(), [db]);
  return (
    <section aria-labelledby="duplicates-title">
      <h1 id="duplicates-title">{t('duplicates.title')}</h1>
      <p className="muted">{t('duplicates.intro')}</p>
      <Live result={patients}>{(rows) => <Groups rows={rows} />}</Live>
    </section>
  );
}

function Groups({ rows }: { rows: readonly LocalRow[] }) {
  const { t } = useTranslation();
  const groups = useMemo(() => findDuplicateGroups(rows, { keys: rulesFor('patients').dedupKeys }), [rows]);
  const byId = useMemo(() => new Map(rows.map((row) => [row.id, row])), [rows]);
  if (groups.length === 0) return <Empty>{t('duplicates.none')}</Empty>;
  return (
    <>
      {groups.map((group) => (
        <GroupCard key={group.ids.join()} group={group} byId={byId} />
      ))}
    </>
  );
}

function GroupCard({ group, byId }: { group: DuplicateGroup; byId: ReadonlyMap<string, LocalRow> }) {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const [survivor, setSurvivor] = useState<string>(group.ids[0] ?? '');
  const [preview, setPreview] = useState<ReferenceMove[] | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const others = useMemo(() => group.ids.filter((id) => id !== survivor), [group, survivor]);

  useEffect(() => {
    let cancelled = false;
    void planPatientMerge(db, others).then((moves) => !cancelled && setPreview(moves));
    return () => {
      cancelled = true;
    };
  }, [db, others]);

  async function merge() {
    if (!window.confirm(t('duplicates.confirmMerge', { count: others.length }))) return;
    const outcome = await mergePatients(db, survivor, others);
    setMessage(
      outcome.ok
        ? { kind: 'ok', text: t('duplicates.merged', { count: outcome.edits }) }
        : { kind: 'error', text: `${outcome.code}: ${outcome.message}` },
    );
  }

  return (
    <div className="card" style={{ marginBottom: '1rem' }} data-testid="duplicate-group">
      <p>
        {group.reasons.map((reason) => (
          <span key={`${reason.key}:${reason.value}`} className="badge" style={{ marginRight: '0.4rem' }}>
            {t(`patients.duplicateReason.${reason.key}`)}
          </span>
        ))}
      </p>
      <fieldset style={{ border: 'none', padding: 0 }}>
        <legend>{t('duplicates.chooseSurvivor')}</legend>
        {group.ids.map((id) => {
          const row = byId.get(id);
          return (
            <label key={id} style={{ display: 'block' }}>
              <input
                type="radio"
                name={`survivor-${group.ids[0]}`}
                checked={survivor === id}
                onChange={() => setSurvivor(id)}
              />{' '}
              <Link to={`/patients/${id}`}>{String(row?.['full_name'] ?? id)}</Link>{' '}
              <span className="muted">
                {String(row?.['document_id'] ?? '')}{' '}
                {formatDate(
                  typeof row?.['birth_date'] === 'string' ? row['birth_date'] : null,
                  i18n.language,
                )}{' '}
                {String(row?.['phone'] ?? '')}
              </span>
            </label>
          );
        })}
      </fieldset>
      <p className="muted" data-testid="merge-preview">
        {preview === null
          ? t('common.loading')
          : preview.length === 0
            ? t('duplicates.noReferences', { count: others.length })
            : t('duplicates.preview', {
                moves: preview
                  .map((move) => `${move.rowIds.length} × ${t(`tables.${move.table}`)}`)
                  .join(', '),
                count: others.length,
              })}
      </p>
      {message && (
        <p className={`alert ${message.kind === 'ok' ? 'alert--info' : 'alert--error'}`}>{message.text}</p>
      )}
      <button type="button" className="button button--primary" onClick={() => void merge()}>
        {t('duplicates.merge')}
      </button>
    </div>
  );
}
