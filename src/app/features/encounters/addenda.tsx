import { editErrorText } from '../../sync/edit-error-text.ts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalRow } from '../../../engine/local-records.ts';
import { mutate } from '../../../engine/write-api.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { useOpenOutboxRows } from '../../data/use-open-outbox-rows.ts';
import { SyncMark } from '../../components/sync-mark.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { isLive } from '../clinical/patient-facts.ts';
import { registrationOf } from './signature.ts';

export async function writeAddendum(
  db: Parameters<typeof mutate>[0],
  encounterId: string,
  author: LocalRow,
  body: string,
) {
  return mutate(db, 'encounter_addenda', 'insert', crypto.randomUUID(), {
    encounter_id: encounterId,
    author_id: author.id,
    written_at: new Date().toISOString(),
    body,
  });
}

/**
 * What was added after signing, oldest first, each with its author and time; final once written
 * (the server refuses any change). The form appears once the encounter is signed.
 */
export function Addenda({ encounterId, signed, me }: { encounterId: string; signed: boolean; me: LocalRow }) {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const marks = useOpenOutboxRows('encounter_addenda');
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const rows = useLiveQuery(async () => {
    const addenda = (await db.rows('encounter_addenda').where('encounter_id').equals(encounterId).toArray())
      .filter(isLive)
      .sort((a, b) => String(a['written_at']).localeCompare(String(b['written_at'])));
    const authors = new Map(
      (await db.rows('profiles').bulkGet(addenda.map((a) => String(a['author_id']))))
        .filter((p): p is LocalRow => p !== undefined)
        .map((p) => [p.id, p]),
    );
    return { addenda, authors };
  }, [db, encounterId]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (body.trim() === '') return setError(t('clinical.addenda.required'));
    if (!window.confirm(t('clinical.addenda.confirm'))) return;
    const result = await writeAddendum(db, encounterId, me, body.trim());
    if (!result.ok) return setError(editErrorText(t, result.error));
    setBody('');
    setError(null);
  }

  const list = rows.kind === 'ready' ? rows.value.addenda : [];
  if (!signed && list.length === 0) return null;
  return (
    <section aria-labelledby="addenda-title" className="encounter-block" data-testid="addenda">
      <h2 id="addenda-title">{t('clinical.addenda.title')}</h2>
      {list.length === 0 ? (
        <p className="muted">{t('clinical.addenda.none')}</p>
      ) : (
        <ol className="plain-list">
          {list.map((row) => {
            const author =
              rows.kind === 'ready' ? rows.value.authors.get(String(row['author_id'])) : undefined;
            return (
              <li key={row.id} className="addendum" data-testid="addendum">
                <p className="addendum__body">{String(row['body'])}</p>
                <p className="muted">
                  {t('clinical.addenda.by', {
                    who: [String(author?.['full_name'] ?? '—'), registrationOf(author)]
                      .filter(Boolean)
                      .join(' · '),
                    when: formatDateTime(String(row['written_at']), i18n.language),
                  })}{' '}
                  <SyncMark mark={marks.get(row.id)} />
                </p>
              </li>
            );
          })}
        </ol>
      )}
      {signed && (
        <form onSubmit={(e) => void submit(e)} className="addendum-form">
          <label className="field">
            <span>{t('clinical.addenda.new')}</span>
            <textarea
              rows={3}
              value={body}
              onChange={(e) => setBody(e.target.value)}
              data-testid="addendum-body"
            />
          </label>
          <p className="field__hint">{t('clinical.addenda.hint')}</p>
          <button type="submit" className="button button--primary" data-testid="addendum-save">
            {t('clinical.addenda.save')}
          </button>
          {error && (
            <p className="field__error" role="alert">
              {error}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
