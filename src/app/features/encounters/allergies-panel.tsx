import { editErrorText } from '../../sync/edit-error-text.ts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalRow } from '../../../engine/local-records.ts';
import { mutate } from '../../../engine/write-api.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { useOpenOutboxRows } from '../../data/use-open-outbox-rows.ts';
import { SyncMark } from '../../components/sync-mark.tsx';
import { formatDate } from '../../i18n/format.ts';
import { isLive } from '../clinical/patient-facts.ts';

const severities = ['mild', 'moderate', 'severe', 'unknown'] as const;

/**
 * The patient's allergies: each one a row of its own, so entries added on two devices while
 * offline are both kept. Retiring one (resolved, or recorded in error) keeps it in the chart.
 */
export function AllergiesPanel({ patientId, me }: { patientId: string; me: LocalRow }) {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const marks = useOpenOutboxRows('allergies');
  const [substance, setSubstance] = useState('');
  const [reaction, setReaction] = useState('');
  const [severity, setSeverity] = useState<(typeof severities)[number]>('unknown');
  const [error, setError] = useState<string | null>(null);
  const rows = useLiveQuery(
    async () =>
      (await db.rows('allergies').where('patient_id').equals(patientId).toArray())
        .filter(isLive)
        .sort((a, b) => String(a['noted_at']).localeCompare(String(b['noted_at']))),
    [db, patientId],
  );

  async function add(event: FormEvent) {
    event.preventDefault();
    if (substance.trim() === '') return setError(t('clinical.allergies.substanceRequired'));
    const result = await mutate(db, 'allergies', 'insert', crypto.randomUUID(), {
      patient_id: patientId,
      substance: substance.trim(),
      reaction: reaction.trim() || null,
      severity,
      status: 'active',
      noted_by: me.id,
      noted_at: new Date().toISOString(),
    });
    if (!result.ok) return setError(editErrorText(t, result.error));
    setSubstance('');
    setReaction('');
    setSeverity('unknown');
    setError(null);
  }

  async function retire(row: LocalRow, status: 'resolved' | 'refuted') {
    if (!window.confirm(t(`clinical.allergies.confirm.${status}`, { substance: String(row['substance']) })))
      return;
    await mutate(db, 'allergies', 'update', row.id, { status });
  }

  const list = rows.kind === 'ready' ? rows.value : [];
  const active = list.filter((row) => row['status'] === 'active');
  const retired = list.filter((row) => row['status'] !== 'active');
  return (
    <section aria-labelledby="allergies-title" className="side-card" data-testid="allergies-panel">
      <h2 id="allergies-title">{t('clinical.allergies.title')}</h2>
      {active.length === 0 ? (
        <p className="muted">{t('clinical.allergies.noneRecorded')}</p>
      ) : (
        <ul className="plain-list">
          {active.map((row) => (
            <li key={row.id} data-testid="allergy-row">
              <strong className="allergy-text">{String(row['substance'])}</strong>
              {row['reaction'] ? ` — ${String(row['reaction'])}` : ''}
              {row['severity'] && row['severity'] !== 'unknown'
                ? ` · ${t(`clinical.allergies.severities.${String(row['severity'])}`)}`
                : ''}{' '}
              <span className="muted">{formatDate(String(row['noted_at']), i18n.language)}</span>{' '}
              <SyncMark mark={marks.get(row.id)} />
              <span className="inline-actions">
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => void retire(row, 'resolved')}
                >
                  {t('clinical.allergies.resolve')}
                </button>
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => void retire(row, 'refuted')}
                >
                  {t('clinical.allergies.refute')}
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      {retired.length > 0 && (
        <details>
          <summary>{t('clinical.allergies.retired', { count: retired.length })}</summary>
          <ul className="plain-list muted">
            {retired.map((row) => (
              <li key={row.id}>
                {String(row['substance'])} — {t(`clinical.allergies.statuses.${String(row['status'])}`)}
              </li>
            ))}
          </ul>
        </details>
      )}
      <details className="add-details">
        <summary data-testid="allergy-open-form">{t('clinical.allergies.add')}</summary>
        <form className="compact-form" onSubmit={(e) => void add(e)} aria-label={t('clinical.allergies.add')}>
          <label className="field">
            <span>{t('clinical.allergies.substance')}</span>
            <input
              value={substance}
              onChange={(e) => setSubstance(e.target.value)}
              data-testid="allergy-substance"
            />
          </label>
          <label className="field">
            <span>{t('clinical.allergies.reaction')}</span>
            <input value={reaction} onChange={(e) => setReaction(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('clinical.allergies.severity')}</span>
            <select
              value={severity}
              onChange={(e) => setSeverity(e.target.value as (typeof severities)[number])}
            >
              {severities.map((value) => (
                <option key={value} value={value}>
                  {t(`clinical.allergies.severities.${value}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button button--small" data-testid="allergy-add">
            + {t('clinical.allergies.add')}
          </button>
          {error && (
            <p className="field__error" role="alert">
              {error}
            </p>
          )}
        </form>
      </details>
    </section>
  );
}
