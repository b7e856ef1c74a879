import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { findDuplicateGroups, type DuplicateGroup } from '../../../core/dedup/duplicate-groups.ts';
import { rulesFor } from '../../../core/entity-rules.ts';
import type { LocalRow } from '../../../engine/local-records.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { Live, Empty } from '../../components/screen-states.tsx';
import { formatDate, formatPhone } from '../../i18n/format.ts';
import type { PatientMergeFields } from '../../../core/dedup/patient-merge-fields.ts';
import { columnLabel } from '../data-browser/column-label.ts';
import { formatAge, formatDocument } from '../clinical/patient-facts.ts';
import {
  mergePatients,
  planFieldMerge,
  planPatientMerge,
  type MergeWording,
  type ReferenceMove,
} from './patient-merge.ts';

/** A value as the chart's notes and the preview read it. */
function readable(column: string, value: unknown): string {
  if (column === 'phone') return formatPhone(String(value));
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function mergeWording(t: TFunction): MergeWording {
  return {
    heading: (removed) => t('duplicates.fromMerged', { name: String(removed['full_name'] ?? removed['id']) }),
    line: (column, value) =>
      t('duplicates.keptLine', { field: columnLabel(t, column), value: readable(column, value) }),
  };
}

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
  const [fields, setFields] = useState<PatientMergeFields[]>([]);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const others = useMemo(() => group.ids.filter((id) => id !== survivor), [group, survivor]);

  useEffect(() => {
    let cancelled = false;
    void planPatientMerge(db, others).then((moves) => !cancelled && setPreview(moves));
    void planFieldMerge(db, survivor, others).then(
      (plans) => !cancelled && setFields(plans.map((plan) => plan.fields)),
    );
    return () => {
      cancelled = true;
    };
  }, [db, survivor, others]);

  async function merge() {
    if (!window.confirm(t('duplicates.confirmMerge', { count: others.length }))) return;
    const outcome = await mergePatients(db, survivor, others, mergeWording(t));
    setMessage(
      outcome.ok
        ? { kind: 'ok', text: t('duplicates.merged', { count: outcome.edits }) }
        : { kind: 'error', text: t('clinical.saveFailed', { code: outcome.code }) },
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
                {[
                  formatAge(t, row?.['birth_date']),
                  formatDocument(row?.['document_type'], row?.['document_id']),
                  formatDate(
                    typeof row?.['birth_date'] === 'string' ? row['birth_date'] : null,
                    i18n.language,
                  ),
                  formatPhone(typeof row?.['phone'] === 'string' ? row['phone'] : ''),
                ]
                  .filter(Boolean)
                  .join(' · ')}
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
      <MergeFieldsPreview fields={fields} />
      {message && (
        <p className={`alert ${message.kind === 'ok' ? 'alert--info' : 'alert--error'}`}>{message.text}</p>
      )}
      <button type="button" className="button button--primary" onClick={() => void merge()}>
        {t('duplicates.merge')}
      </button>
    </div>
  );
}

/** Exactly what the kept chart takes from the removed ones, before the person confirms. */
function MergeFieldsPreview({ fields }: { fields: readonly PatientMergeFields[] }) {
  const { t } = useTranslation();
  const list = (items: readonly { column: string; value: unknown }[]) =>
    items.map(({ column, value }) => `${columnLabel(t, column)} ${readable(column, value)}`).join('; ');
  const filled = fields.flatMap((f) => f.filled);
  const kept = fields.flatMap((f) => f.kept);
  const notes = fields.flatMap((f) => (f.notes === null ? [] : [f.notes]));
  return (
    <ul className="muted" data-testid="merge-fields-preview">
      {filled.length > 0 && (
        <li data-testid="merge-filled">{t('duplicates.previewFilled', { fields: list(filled) })}</li>
      )}
      {kept.length > 0 && (
        <li data-testid="merge-kept">{t('duplicates.previewKept', { fields: list(kept) })}</li>
      )}
      {notes.length > 0 && (
        <li data-testid="merge-notes">{t('duplicates.previewNotes', { notes: notes.join(' / ') })}</li>
      )}
      <li>{t('duplicates.previewTrash')}</li>
    </ul>
  );
}
