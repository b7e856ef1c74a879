import { useEffect, useRef, useState } from 'react';
import { editErrorText } from '../../sync/edit-error-text.ts';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { mutate } from '../../../engine/write-api.ts';
import type { LocalRow } from '../../../engine/local-records.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { useOpenOutboxRows } from '../../data/use-open-outbox-rows.ts';
import { Live, Empty } from '../../components/screen-states.tsx';
import { SyncMark } from '../../components/sync-mark.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { asRecord, textSections, type TextSection } from './record-sections.ts';
import { VersionHistory } from './version-history.tsx';
import { OwnerFiles } from '../files/owner-files.tsx';
import { ClinicalOnly } from '../clinical/clinical-only.tsx';
import { useCurrentProfile } from '../clinical/current-profile.ts';
import { PatientHeader } from './patient-header.tsx';
import { Diagnoses } from './diagnoses.tsx';
import { Prescriptions } from './prescriptions-editor.tsx';
import { Referrals, Certificates } from './referrals-and-certificates.tsx';
import { Addenda } from './addenda.tsx';
import { EncounterRefusals } from './encounter-refusals.tsx';
import { PastEncounters } from './past-encounters.tsx';
import { AllergiesPanel } from './allergies-panel.tsx';
import { MedicationsPanel } from './medications-panel.tsx';
import { registrationOf } from './signature.ts';
import { signEncounter } from './sign-encounter.ts';
import { flushRowAutosaves } from './row-autosave.ts';
import { sectionChanges } from './edited-fields.ts';
import { SupersededHistory } from '../history/superseded-history.tsx';

const autosaveDelayMs = 800;

/**
 * `/encounters/:id`: the patient's header with allergies, the record by sections (saved to the
 * device as you type), coded diagnoses, prescriptions line by line, referrals and certificates,
 * attachments; beside it the patient's past encounters, medications and allergies. Signing locks
 * every part (the server refuses changes too); addenda add after that.
 */
export function EncounterPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const db = useClinicDb();
  const encounter = useLiveQuery(async () => (await db.rows('encounters').get(id)) ?? null, [db, id]);
  const me = useCurrentProfile();
  return (
    <ClinicalOnly>
      <Live result={encounter}>
        {(row) =>
          row && me.kind === 'ready' && me.value ? (
            <EncounterEditor key={row.id} row={row} me={me.value} />
          ) : (
            <Empty>{t('common.notFound')}</Empty>
          )
        }
      </Live>
    </ClinicalOnly>
  );
}

function EncounterEditor({ row, me }: { row: LocalRow; me: LocalRow }) {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const marks = useOpenOutboxRows('encounters');
  const patient = useLiveQuery(
    async () => (await db.rows('patients').get(String(row['patient_id']))) ?? null,
    [db, row],
  );
  // Which signer the answer is for: until the lookup of a new signer answers, the last answer is
  // another's (the row before signing had none), and the line waits rather than show "—".
  const signer = useLiveQuery(async () => {
    const id = typeof row['signed_by'] === 'string' ? row['signed_by'] : null;
    return { id, profile: id ? ((await db.rows('profiles').get(id)) ?? null) : null };
  }, [db, row]);
  const signed = typeof row['signed_at'] === 'string';
  const [draft, setDraft] = useState<Record<TextSection, string>>(() => sectionsOf(row));
  const [saved, setSaved] = useState<'saved' | 'saving' | 'error'>('saved');
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(draft);
  latest.current = draft;
  // The sections as last written to the device: a save writes only the sections changed since,
  // over the record as stored now, so a section another device wrote meanwhile is kept.
  const savedDraft = useRef(draft);

  // Autosave: after a pause in typing, the edited sections (the others kept as stored) are written to
  // the device and queued; the outbox folds consecutive saves of the same encounter into one.
  async function save() {
    const draftNow = latest.current;
    const changed = sectionChanges(savedDraft.current, draftNow);
    if (Object.keys(changed).length === 0) return setSaved('saved');
    const current = (await db.rows('encounters').get(row.id)) ?? row;
    const record = { ...asRecord(current['record']), ...changed };
    const result = await mutate(db, 'encounters', 'update', row.id, { record });
    if (result.ok) {
      savedDraft.current = { ...savedDraft.current, ...pick(draftNow, Object.keys(changed)) };
      setSaved('saved');
    } else {
      setSaved('error');
      setError(editErrorText(t, result.error));
    }
  }

  function edit(section: TextSection, text: string) {
    setDraft((previous) => ({ ...previous, [section]: text }));
    setSaved('saving');
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      void save();
    }, autosaveDelayMs);
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

  // A signed record shows what was signed (and, after a refused edit, what the device still
  // holds on top of it, which the refusal notice offers to keep as an addendum).
  useEffect(() => {
    if (signed && !timer.current) {
      setDraft(sectionsOf(row));
      savedDraft.current = sectionsOf(row);
    }
  }, [signed, row]);

  async function sign() {
    if (!window.confirm(t('encounters.confirmSign'))) return;
    if (timer.current) {
      clearTimeout(timer.current);
      timer.current = null;
      await save();
    }
    await flushRowAutosaves();
    const result = await signEncounter(db, row, me);
    setError(
      result.ok
        ? null
        : t(`clinical.sign.${result.code}`, {
            defaultValue: t('clinical.saveFailed', { code: result.code }),
          }),
    );
  }

  const signerKnown = signer.kind === 'ready' && signer.value.id === (row['signed_by'] ?? null);
  const signerProfile = signerKnown ? (signer.value.profile ?? undefined) : undefined;
  return (
    <section aria-labelledby="encounter-title" className="encounter" data-testid="encounter-editor">
      {patient.kind === 'ready' && patient.value && <PatientHeader patient={patient.value} />}
      <div className="toolbar encounter__toolbar">
        <Link to="/my-day" className="button button--small">
          ← {t('clinical.myDay.title')}
        </Link>
        <h1 id="encounter-title">
          {t('encounters.title')} · {formatDateTime(String(row['started_at']), i18n.language)}
        </h1>
        <SyncMark mark={marks.get(row.id)} />
        <span className="header__spacer" />
        <span className="muted" role="status" aria-live="polite" data-testid="autosave-state">
          {signed ? t('encounters.locked') : t(`encounters.autosave.${saved}`)}
        </span>
        <Link className="button" to={`/documents/summary/${row.id}`} data-testid="summary-print">
          {t('clinical.documents.summary')}
        </Link>
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
      {signed && signerKnown && (
        <p className="signature-line" data-testid="signature-line">
          {t('clinical.sign.signedBy', {
            who: [String(signerProfile?.['full_name'] ?? '—'), registrationOf(signerProfile)]
              .filter(Boolean)
              .join(' · '),
            when: formatDateTime(String(row['signed_at']), i18n.language),
          })}
        </p>
      )}
      {error && (
        <p className="alert alert--error" role="alert">
          {error}
        </p>
      )}
      <EncounterRefusals encounterId={row.id} me={me} />
      <div className="encounter__layout">
        <div className="encounter__main">
          {textSections.map((section) => (
            <div className="field encounter-section" key={section}>
              <label htmlFor={`section-${section}`}>{t(`encounters.sections.${section}`)}</label>
              <textarea
                id={`section-${section}`}
                rows={section === 'anamnesis' ? 5 : 3}
                value={draft[section]}
                readOnly={signed}
                onChange={(e) => edit(section, e.target.value)}
              />
            </div>
          ))}
          <Diagnoses encounterId={row.id} readOnly={signed} />
          <Prescriptions encounter={row} me={me} readOnly={signed} />
          <Referrals encounter={row} me={me} readOnly={signed} />
          <Certificates encounter={row} me={me} readOnly={signed} />
          <OwnerFiles ownerTable="encounters" ownerId={row.id} readOnly={signed} />
          <Addenda encounterId={row.id} signed={signed} me={me} />
          <SupersededHistory table="encounters" rowId={row.id} />
          <VersionHistory
            encounterId={row.id}
            current={asRecord(row['record'])}
            currentSignedAt={row['signed_at']}
          />
        </div>
        <aside className="encounter__side" aria-label={t('clinical.patient.summary')}>
          <AllergiesPanel patientId={String(row['patient_id'])} me={me} />
          <MedicationsPanel patientId={String(row['patient_id'])} me={me} />
          <PastEncounters patientId={String(row['patient_id'])} currentId={row.id} />
          <div className="side-card">
            <OwnerFiles ownerTable="patients" ownerId={String(row['patient_id'])} />
          </div>
        </aside>
      </div>
    </section>
  );
}

function pick(
  draft: Record<TextSection, string>,
  sections: readonly string[],
): Partial<Record<TextSection, string>> {
  return Object.fromEntries(sections.map((section) => [section, draft[section as TextSection]]));
}

function sectionsOf(row: LocalRow): Record<TextSection, string> {
  const record = asRecord(row['record']);
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : '');
  return Object.fromEntries(textSections.map((section) => [section, text(section)])) as Record<
    TextSection,
    string
  >;
}
