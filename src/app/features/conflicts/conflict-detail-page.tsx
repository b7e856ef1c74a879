import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { ConflictChoice, ConflictField } from '../../../core/merge/conflict-record.ts';
import type { StoredConflict } from '../../../engine/local-records.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { useSyncEngine } from '../../sync/sync-engine-context.tsx';
import { Live, Empty } from '../../components/screen-states.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { parseFieldValue, sameValue, showFieldValue } from './field-value.ts';
import { recordLabel } from './conflicts-page.tsx';

type Pick = 'mine' | 'theirs' | 'suggested' | 'edit';

/** `/conflicts/:id`: base / mine / theirs per contested field, the recommendation, and a decision. */
export function ConflictDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const db = useClinicDb();
  const conflict = useLiveQuery(async () => (await db.conflicts.get(id)) ?? null, [db, id]);
  return (
    <Live result={conflict}>
      {(value) => (value ? <ConflictDetail conflict={value} /> : <Empty>{t('common.notFound')}</Empty>)}
    </Live>
  );
}

function ConflictDetail({ conflict }: { conflict: StoredConflict }) {
  const { t, i18n } = useTranslation();
  const { api } = useSyncEngine();
  const navigate = useNavigate();
  const [picks, setPicks] = useState<Record<string, Pick>>(() =>
    Object.fromEntries(conflict.fields.map((f) => [f.column, 'suggested'])),
  );
  const [edits, setEdits] = useState<Record<string, string>>(() =>
    Object.fromEntries(conflict.fields.map((f) => [f.column, showFieldValue(f.suggested)])),
  );
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const open = conflict.state === 'open';

  async function decide(choice: ConflictChoice) {
    if (!api) return;
    setBusy(true);
    setError(null);
    const result = await api.resolveConflict(conflict.id, choice);
    setBusy(false);
    if (!result.ok) setError(`${result.error.code}: ${result.error.message}`);
    else void navigate('/conflicts');
  }

  function applyPicks() {
    const values: Record<string, unknown> = {};
    const found: Record<string, string> = {};
    for (const field of conflict.fields) {
      const pick = picks[field.column] ?? 'suggested';
      if (pick === 'mine') values[field.column] = field.ifMine;
      else if (pick === 'theirs') values[field.column] = field.ifTheirs;
      else if (pick === 'suggested') values[field.column] = field.suggested;
      else {
        const parsed = parseFieldValue(
          edits[field.column] ?? '',
          field.suggested ?? field.theirs ?? field.mine,
        );
        if (parsed.ok) values[field.column] = parsed.value;
        else found[field.column] = t(`validation.${parsed.code}`);
      }
    }
    setProblems(found);
    if (Object.keys(found).length === 0) void decide({ values });
  }

  return (
    <section aria-labelledby="conflict-title" data-testid="conflict-detail">
      <div className="toolbar">
        <Link to="/conflicts" className="button button--small">
          ← {t('common.back')}
        </Link>
        <h1 id="conflict-title">
          {t(`tables.${conflict.table}`)}: {recordLabel(conflict)}
        </h1>
      </div>
      <p className="muted">
        {conflict.kind === 'edit_vs_delete' ? t('conflicts.editVsDeleteHelp') : t('conflicts.help')}{' '}
        {t('conflicts.recommendation', { choice: t(`conflicts.choices.${conflict.recommended.choice}`) })}
      </p>
      {!open && conflict.resolution && (
        <p className="alert alert--info">
          {t('conflicts.resolvedAs', {
            choice: t(`conflicts.choices.${conflict.resolution.choice}`),
            when: formatDateTime(conflict.resolution.resolvedAt, i18n.language),
          })}
        </p>
      )}
      {conflict.fields.length > 0 && (
        <div className="diff" role="table" aria-label={t('conflicts.fields')}>
          <div className="diff__head" role="columnheader">
            {t('conflicts.field')}
          </div>
          <div className="diff__head" role="columnheader">
            {t('conflicts.base')}
          </div>
          <div className="diff__head" role="columnheader">
            {t('conflicts.mine')}
          </div>
          <div className="diff__head" role="columnheader">
            {t('conflicts.theirs')}
          </div>
          <div className="diff__head" role="columnheader">
            {t('conflicts.decision')}
          </div>
          {conflict.fields.map((field) => (
            <FieldRow
              key={field.column}
              field={field}
              pick={picks[field.column] ?? 'suggested'}
              edit={edits[field.column] ?? ''}
              problem={problems[field.column]}
              disabled={!open}
              onPick={(pick) => setPicks((p) => ({ ...p, [field.column]: pick }))}
              onEdit={(text) => {
                setEdits((e) => ({ ...e, [field.column]: text }));
                setPicks((p) => ({ ...p, [field.column]: 'edit' }));
              }}
            />
          ))}
        </div>
      )}
      <AutoMerged values={conflict.autoMerged} />
      {error && (
        <p className="alert alert--error" role="alert">
          {error}
        </p>
      )}
      {open && (
        <div className="form-actions">
          <button
            type="button"
            className="button button--primary"
            disabled={busy || !api}
            onClick={() => void decide('recommended')}
            data-testid="conflict-recommended"
          >
            {t('conflicts.applyRecommended')}
          </button>
          {conflict.fields.length > 0 && (
            <button
              type="button"
              className="button"
              disabled={busy || !api}
              onClick={applyPicks}
              data-testid="conflict-apply-picks"
            >
              {t('conflicts.applyPicks')}
            </button>
          )}
          <button
            type="button"
            className="button"
            disabled={busy || !api}
            onClick={() => void decide('mine')}
            data-testid="conflict-mine"
          >
            {t('conflicts.keepMine')}
          </button>
          <button
            type="button"
            className="button"
            disabled={busy || !api}
            onClick={() => void decide('theirs')}
            data-testid="conflict-theirs"
          >
            {t('conflicts.keepTheirs')}
          </button>
        </div>
      )}
      <RowHistory conflict={conflict} />
    </section>
  );
}

interface FieldRowProps {
  readonly field: ConflictField;
  readonly pick: Pick;
  readonly edit: string;
  readonly problem: string | undefined;
  readonly disabled: boolean;
  onPick(pick: Pick): void;
  onEdit(text: string): void;
}

function FieldRow({ field, pick, edit, problem, disabled, onPick, onEdit }: FieldRowProps) {
  const { t } = useTranslation();
  const name = `pick-${field.column}`;
  const option = (value: Pick, label: string) => (
    <label style={{ display: 'block' }}>
      <input
        type="radio"
        name={name}
        value={value}
        checked={pick === value}
        disabled={disabled}
        onChange={() => onPick(value)}
      />{' '}
      {label}
    </label>
  );
  return (
    <>
      <div className="diff__contested" role="rowheader">
        <strong>{field.column}</strong>
        <div className="muted">{t(`conflicts.policies.${field.policy}`)}</div>
      </div>
      <div role="cell">{showFieldValue(field.base) || '—'}</div>
      <div
        role="cell"
        className={sameValue(field.mine, field.base) ? '' : 'diff__changed'}
        data-testid={`mine-${field.column}`}
      >
        {showFieldValue(field.mine) || '—'}
      </div>
      <div
        role="cell"
        className={sameValue(field.theirs, field.base) ? '' : 'diff__changed'}
        data-testid={`theirs-${field.column}`}
      >
        {showFieldValue(field.theirs) || '—'}
      </div>
      <div role="cell">
        {option('suggested', `${t('conflicts.suggested')}: ${showFieldValue(field.suggested) || '—'}`)}
        {option('mine', t('conflicts.mine'))}
        {option('theirs', t('conflicts.theirs'))}
        {option('edit', t('conflicts.handEdit'))}
        <textarea
          aria-label={`${t('conflicts.handEdit')}: ${field.column}`}
          rows={2}
          value={edit}
          disabled={disabled}
          onChange={(e) => onEdit(e.target.value)}
          aria-invalid={problem ? true : undefined}
          style={{ width: '100%' }}
        />
        {problem && <span className="field__error">{problem}</span>}
      </div>
    </>
  );
}

function AutoMerged({ values }: { values: Readonly<Record<string, unknown>> }) {
  const { t } = useTranslation();
  const entries = Object.entries(values);
  if (entries.length === 0) return null;
  return (
    <details style={{ marginTop: '1rem' }}>
      <summary>{t('conflicts.autoMerged', { count: entries.length })}</summary>
      <ul>
        {entries.map(([column, value]) => (
          <li key={column}>
            <code>{column}</code>: {showFieldValue(value) || '—'}
          </li>
        ))}
      </ul>
    </details>
  );
}

function RowHistory({ conflict }: { conflict: StoredConflict }) {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const history = useLiveQuery(
    () =>
      db.conflicts
        .where('[table+rowId]')
        .equals([conflict.table, conflict.rowId])
        .filter((c) => c.state === 'resolved')
        .toArray(),
    [db, conflict.table, conflict.rowId],
  );
  return (
    <div>
      <h2>{t('conflicts.rowHistory')}</h2>
      <Live result={history}>
        {(list) =>
          list.length === 0 ? (
            <p className="muted">{t('conflicts.noHistory')}</p>
          ) : (
            <ul data-testid="conflict-history">
              {list.map((c) => (
                <li key={c.id}>
                  {formatDateTime(c.resolution?.resolvedAt ?? c.createdAt, i18n.language)} —{' '}
                  {t(`conflicts.choices.${c.resolution?.choice ?? 'values'}`)}
                  {c.resolution && Object.keys(c.resolution.values).length > 0 && (
                    <span className="muted">
                      {' '}
                      (
                      {Object.entries(c.resolution.values)
                        .map(([k, v]) => `${k}: ${showFieldValue(v)}`)
                        .join('; ')}
                      )
                    </span>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </Live>
    </div>
  );
}
