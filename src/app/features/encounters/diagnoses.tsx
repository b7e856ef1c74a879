import { editErrorText } from '../../sync/edit-error-text.ts';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalRow } from '../../../engine/local-records.ts';
import { mutate } from '../../../engine/write-api.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { cid10LanguageOf, describeCid10, normaliseCid10, searchCid10 } from '../../../core/clinical/cid10.ts';
import { diagnosesOf } from './encounter-parts.ts';

/**
 * The encounter's diagnoses coded with CID-10: a lookup by code or by words over the table the
 * product ships, or any well-formed code typed with its description. The first is the main one.
 */
export function Diagnoses({ encounterId, readOnly }: { encounterId: string; readOnly: boolean }) {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const language = cid10LanguageOf(i18n.language);
  const [query, setQuery] = useState('');
  const [ownDescription, setOwnDescription] = useState('');
  const [error, setError] = useState<string | null>(null);
  const rows = useLiveQuery(() => diagnosesOf(db, encounterId), [db, encounterId]);
  const list = rows.kind === 'ready' ? rows.value : [];
  const results = useMemo(() => searchCid10(query, language, 8), [query, language]);
  const typedCode = normaliseCid10(query);
  const unlisted = typedCode !== null && describeCid10(typedCode, language) === undefined ? typedCode : null;

  async function add(code: string, description: string) {
    if (list.some((row) => row['code'] === code)) return setError(t('clinical.diagnoses.already', { code }));
    const position = list.reduce((max, row) => Math.max(max, Number(row['position'] ?? 0) + 1), 0);
    const result = await mutate(db, 'encounter_diagnoses', 'insert', crypto.randomUUID(), {
      encounter_id: encounterId,
      code,
      description,
      position,
    });
    if (!result.ok) return setError(editErrorText(t, result.error));
    setQuery('');
    setOwnDescription('');
    setError(null);
  }

  async function remove(row: LocalRow) {
    if (!window.confirm(t('clinical.diagnoses.confirmRemove', { code: String(row['code']) }))) return;
    await mutate(db, 'encounter_diagnoses', 'delete', row.id);
  }

  return (
    <section aria-labelledby="diagnoses-title" className="encounter-block" data-testid="diagnoses">
      <h2 id="diagnoses-title">{t('clinical.diagnoses.title')}</h2>
      {list.length === 0 ? (
        <p className="muted">{t('clinical.diagnoses.none')}</p>
      ) : (
        <ol className="plain-list">
          {list.map((row, index) => (
            <li key={row.id} data-testid="diagnosis-row">
              <code className="cid-code">{String(row['code'])}</code> {String(row['description'])}
              {index === 0 && <span className="badge">{t('clinical.diagnoses.main')}</span>}
              {!readOnly && (
                <button type="button" className="button button--small" onClick={() => void remove(row)}>
                  {t('common.delete')}
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
      {!readOnly && (
        <div className="cid-lookup">
          <label className="field">
            <span>{t('clinical.diagnoses.search')}</span>
            <input
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder={t('clinical.diagnoses.placeholder')}
              aria-controls="cid-results"
              data-testid="cid-search"
            />
          </label>
          {query.trim() !== '' && (
            <ul id="cid-results" className="cid-results" aria-label={t('clinical.diagnoses.results')}>
              {results.map((entry) => (
                <li key={entry.code}>
                  <button
                    type="button"
                    className="cid-result"
                    onClick={() => void add(entry.code, entry.description)}
                    data-testid="cid-result"
                  >
                    <code className="cid-code">{entry.code}</code> {entry.description}
                  </button>
                </li>
              ))}
              {results.length === 0 && !unlisted && (
                <li className="muted">{t('clinical.diagnoses.noMatch')}</li>
              )}
            </ul>
          )}
          {unlisted && (
            <form
              className="compact-form"
              onSubmit={(e) => {
                e.preventDefault();
                if (ownDescription.trim() === '') return setError(t('clinical.diagnoses.describe'));
                void add(unlisted, ownDescription.trim());
              }}
            >
              <p className="muted">{t('clinical.diagnoses.unlisted', { code: unlisted })}</p>
              <label className="field">
                <span>{t('clinical.diagnoses.description')}</span>
                <input value={ownDescription} onChange={(e) => setOwnDescription(e.target.value)} />
              </label>
              <button type="submit" className="button button--small">
                {t('clinical.diagnoses.useCode', { code: unlisted })}
              </button>
            </form>
          )}
          {error && (
            <p className="field__error" role="alert">
              {error}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
