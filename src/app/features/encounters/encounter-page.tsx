import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { mutate } from '../../../engine/write-api.ts';
import type { LocalRow } from '../../../engine/local-records.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { useOpenOutboxRows } from '../../data/use-open-outbox-rows.ts';
import { recordLabel } from '../../data/record-label.ts';
import { Live, Empty } from '../../components/screen-states.tsx';
import { SyncMark } from '../../components/sync-mark.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { asRecord, textSections, type TextSection } from './record-sections.ts';
import { VersionHistory } from './version-history.tsx';
import { OwnerFiles } from '../files/owner-files.tsx';

const autosaveDelayMs = 800;

/** `/encounters/:id`: the record by sections, saved to the device as you type; sign to lock it. */
export function EncounterPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const db = useClinicDb();
  const encounter = useLiveQuery(async () => (await db.rows('encounters').get(id)) ?? null, [db, id]);
  return (
    <Live result={encounter}>
      {(row) => (row ? <EncounterEditor key={row.id} row={row} /> : <Empty>{t('common.notFound')}</Empty>)}
    </Live>
  );
}

function EncounterEditor({ row }: { row: LocalRow }) {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const marks = useOpenOutboxRows('encounters');
  const patient = useLiveQuery(
    async () => (await db.rows('patients').get(String(row['patient_id']))) ?? null,
    [db, row],
  );
  const signed = typeof row['signed_at'] === 'string';
  const [draft, setDraft] = useState<Record<TextSection, string>>(() => sectionsOf(row));
  const [saved, setSaved] = useState<'saved' | 'saving' | 'error'>('saved');
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(draft);
  latest.current = draft;

  // Autosave: after a pause in typing, the record (other sections kept as stored) is written to
  // the device and queued; the outbox folds consecutive saves of the same encounter into one.
  async function save() {
    const current = (await db.rows('encounters').get(row.id)) ?? row;
    const record = { ...asRecord(current['record']), ...latest.current };
    const result = await mutate(db, 'encounters', 'update', row.id, { record });
    if (result.ok) setSaved('saved');
    else {
      setSaved('error');
      setError(`${result.error.code}: ${result.error.message}`);
    }
  }

  function edit(section: TextSection, text: string) {
    setDraft((previous) => ({ ...previous, [section]: text }));
    setSaved('saving');
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(), autosaveDelayMs);
  }

  useEffect(
    () => () => {
      // Leaving the page flushes a pending autosave instead of dropping it.
      if (timer.current) {
        clearTimeout(timer.current);
        void save();
      }
    },
    [],
  );

  async function sign() {
    if (!window.confirm(t('encounters.confirmSign'))) return;
    if (timer.current) {
      clearTimeout(timer.current);
      await save();
    }
    const result = await mutate(db, 'encounters', 'update', row.id, { signed_at: new Date().toISOString() });
    if (!result.ok) setError(`${result.error.code}: ${result.error.message}`);
  }

  return (
    <section aria-labelledby="encounter-title" data-testid="encounter-editor">
      <div className="toolbar">
        <Link to={`/patients/${String(row['patient_id'])}`} className="button button--small">
          ← {t('common.back')}
        </Link>
        <h1 id="encounter-title">
          {t('encounters.title')}:{' '}
          {patient.kind === 'ready' && patient.value ? recordLabel(patient.value) : '…'}
        </h1>
        <SyncMark mark={marks.get(row.id)} />
        <span className="header__spacer" />
        <span className="muted" role="status" aria-live="polite" data-testid="autosave-state">
          {signed ? t('encounters.locked') : t(`encounters.autosave.${saved}`)}
        </span>
        {!signed && (
          <button
            type="button"
            className="button button--primary"
            onClick={() => void sign()}
            data-testid="encounter-sign"
          >
            {t('encounters.sign')}
          </button>
        )}
      </div>
      <p className="muted">
        {formatDateTime(String(row['started_at']), i18n.language)}
        {signed &&
          ` · ${t('encounters.signedAt', { when: formatDateTime(String(row['signed_at']), i18n.language) })}`}
      </p>
      {error && (
        <p className="alert alert--error" role="alert">
          {error}
        </p>
      )}
      {textSections.map((section) => (
        <div className="field" key={section} style={{ marginBottom: '0.75rem' }}>
          <label htmlFor={`section-${section}`}>{t(`encounters.sections.${section}`)}</label>
          <textarea
            id={`section-${section}`}
            rows={4}
            value={draft[section]}
            readOnly={signed}
            onChange={(e) => edit(section, e.target.value)}
          />
        </div>
      ))}
      <Prescriptions encounterId={row.id} />
      <OwnerFiles ownerTable="encounters" ownerId={row.id} />
      <VersionHistory encounterId={row.id} current={asRecord(row['record'])} />
    </section>
  );
}

function sectionsOf(row: LocalRow): Record<TextSection, string> {
  const record = asRecord(row['record']);
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : '');
  return { anamnesis: text('anamnesis'), diagnosis: text('diagnosis'), plan: text('plan') };
}

function Prescriptions({ encounterId }: { encounterId: string }) {
  const { t } = useTranslation();
  const db = useClinicDb();
  const items = useLiveQuery(async () => {
    const prescriptions = await db.rows('prescriptions').where('encounter_id').equals(encounterId).toArray();
    const result: { prescription: LocalRow; items: LocalRow[] }[] = [];
    for (const prescription of prescriptions.filter((p) => !p.deleted_at)) {
      const rows = await db
        .rows('prescription_items')
        .where('prescription_id')
        .equals(prescription.id)
        .toArray();
      result.push({
        prescription,
        items: rows
          .filter((i) => !i.deleted_at)
          .sort((a, b) => Number(a['position']) - Number(b['position'])),
      });
    }
    return result;
  }, [db, encounterId]);
  return (
    <div>
      <h2>{t('encounters.sections.prescriptions')}</h2>
      <Live result={items}>
        {(list) =>
          list.length === 0 ? (
            <p className="muted">{t('encounters.noPrescriptions')}</p>
          ) : (
            <ul>
              {list.map(({ prescription, items: lines }) => (
                <li key={prescription.id}>
                  <Link to={`/data/prescriptions/${prescription.id}`}>
                    {t(`values.${String(prescription['status'])}`, {
                      defaultValue: String(prescription['status']),
                    })}
                  </Link>
                  <ul>
                    {lines.map((line) => (
                      <li key={line.id}>
                        {String(line['medication'] ?? '')} {String(line['dosage'] ?? '')}{' '}
                        {String(line['frequency'] ?? '')}
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          )
        }
      </Live>
      <Link className="button button--small" to="/data/prescriptions/new">
        + {t('encounters.newPrescription')}
      </Link>
    </div>
  );
}
