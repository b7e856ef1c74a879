import { editErrorText } from '../../sync/edit-error-text.ts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { medicationRoutes } from '../../../core/schema/clinic-tables.ts';
import type { LocalRow } from '../../../engine/local-records.ts';
import { mutate } from '../../../engine/write-api.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { useOpenOutboxRows } from '../../data/use-open-outbox-rows.ts';
import { SyncMark } from '../../components/sync-mark.tsx';
import { prescriptionsOf, type PrescriptionWithLines } from './encounter-parts.ts';
import { useRowAutosave, type FieldKind } from './row-autosave.ts';
import { mayPrescribeControlled } from './signature.ts';
import { PreviousPrescriptions } from './previous-prescriptions.tsx';
import { lineQuantity, lineSummary } from '../documents/prescription-lines.ts';

const lineFields: Readonly<Record<string, FieldKind>> = {
  medication: 'text',
  presentation: 'text',
  dosage: 'text',
  route: 'text',
  frequency: 'text',
  duration: 'text',
  quantity: 'number',
  quantity_unit: 'text',
  instructions: 'text',
};

/**
 * The encounter's prescriptions, written line by line in place (every field saved to the device
 * as it is typed), each of a kind (simple, or controlled with the two-copy receita), printable.
 * Lines can be copied from the patient's earlier prescriptions. Read-only once signed.
 */
export function Prescriptions({
  encounter,
  me,
  readOnly,
}: {
  encounter: LocalRow;
  me: LocalRow;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const db = useClinicDb();
  const [error, setError] = useState<string | null>(null);
  const rows = useLiveQuery(() => prescriptionsOf(db, encounter.id), [db, encounter.id]);
  const list = rows.kind === 'ready' ? rows.value : [];

  async function create() {
    const result = await mutate(db, 'prescriptions', 'insert', crypto.randomUUID(), {
      encounter_id: encounter.id,
      patient_id: encounter['patient_id'],
      professional_id: me.id,
      issued_at: new Date().toISOString(),
      status: 'draft',
      kind: 'simple',
    });
    setError(result.ok ? null : t('clinical.saveFailed', { code: result.error.code }));
  }

  return (
    <section aria-labelledby="prescriptions-title" className="encounter-block" data-testid="prescriptions">
      <h2 id="prescriptions-title">{t('encounters.sections.prescriptions')}</h2>
      {list.length === 0 && <p className="muted">{t('encounters.noPrescriptions')}</p>}
      {list.map((item, index) => (
        <PrescriptionCard
          key={item.prescription.id}
          item={item}
          number={index + 1}
          patientId={String(encounter['patient_id'])}
          encounterId={encounter.id}
          me={me}
          readOnly={readOnly}
        />
      ))}
      {!readOnly && (
        <button type="button" className="button" onClick={() => void create()} data-testid="prescription-new">
          + {t('encounters.newPrescription')}
        </button>
      )}
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
      {!readOnly && <Suggestions />}
    </section>
  );
}

function PrescriptionCard({
  item,
  number,
  patientId,
  encounterId,
  me,
  readOnly,
}: {
  item: PrescriptionWithLines;
  number: number;
  patientId: string;
  encounterId: string;
  me: LocalRow;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const db = useClinicDb();
  const marks = useOpenOutboxRows('prescriptions');
  const { prescription, lines } = item;
  const [drug, setDrug] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [reusing, setReusing] = useState(false);
  const kind = String(prescription['kind'] ?? 'simple');
  const status = String(prescription['status']);
  const mayControl = mayPrescribeControlled(me);

  async function addLine(values: Record<string, unknown>) {
    const position = lines.reduce((max, line) => Math.max(max, Number(line['position'] ?? 0) + 1), 0);
    return mutate(db, 'prescription_items', 'insert', crypto.randomUUID(), {
      prescription_id: prescription.id,
      position,
      ...values,
    });
  }

  async function submitLine(event: FormEvent) {
    event.preventDefault();
    if (drug.trim() === '') return setError(t('clinical.prescriptions.drugRequired'));
    const result = await addLine({ medication: drug.trim() });
    if (!result.ok) return setError(editErrorText(t, result.error));
    setDrug('');
    setError(null);
  }

  async function copy(from: readonly LocalRow[]) {
    let position = lines.reduce((max, line) => Math.max(max, Number(line['position'] ?? 0) + 1), 0);
    for (const line of from) {
      const values = Object.fromEntries(Object.keys(lineFields).map((f) => [f, line[f] ?? null]));
      await mutate(db, 'prescription_items', 'insert', crypto.randomUUID(), {
        ...values,
        prescription_id: prescription.id,
        position: position++,
      });
    }
    setReusing(false);
  }

  async function remove() {
    if (!window.confirm(t('clinical.prescriptions.confirmRemove'))) return;
    await mutate(db, 'prescriptions', 'delete', prescription.id);
  }

  return (
    <article className="prescription card" data-testid="prescription" data-kind={kind}>
      <div className="toolbar">
        <h3>
          {t('clinical.prescriptions.numbered', { number })} ·{' '}
          {t(`values.${status}`, { defaultValue: status })}
        </h3>
        <SyncMark mark={marks.get(prescription.id)} />
        <span className="header__spacer" />
        <label className="field field--inline">
          <span>{t('clinical.prescriptions.kind')}</span>
          <select
            value={kind}
            disabled={readOnly}
            onChange={(e) =>
              void mutate(db, 'prescriptions', 'update', prescription.id, { kind: e.target.value })
            }
            data-testid="prescription-kind"
          >
            <option value="simple">{t('clinical.prescriptions.kinds.simple')}</option>
            <option value="special_control" disabled={!mayControl && kind !== 'special_control'}>
              {t('clinical.prescriptions.kinds.special_control')}
            </option>
          </select>
        </label>
        {lines.length > 0 && (
          <Link
            className="button button--small"
            to={`/documents/prescription/${prescription.id}`}
            data-testid="prescription-print"
          >
            {status === 'draft' ? t('clinical.documents.preview') : t('clinical.documents.print')}
          </Link>
        )}
        {!readOnly && (
          <button type="button" className="button button--small" onClick={() => void remove()}>
            {t('common.delete')}
          </button>
        )}
      </div>
      {!mayControl && kind === 'special_control' && (
        <p className="alert alert--warn">{t('clinical.prescriptions.controlledNeedsPrescriber')}</p>
      )}
      {lines.length === 0 && <p className="muted">{t('clinical.prescriptions.noLines')}</p>}
      <ol className="prescription__lines">
        {lines.map((line) =>
          readOnly ? (
            <li key={line.id} className="line line--read" data-testid="prescription-line">
              <strong>{lineSummary(line, t)}</strong>
              {[lineQuantity(line), typeof line['instructions'] === 'string' ? line['instructions'] : '']
                .filter(Boolean)
                .map((text) => (
                  <span key={text} className="muted">
                    {' '}
                    · {text}
                  </span>
                ))}
            </li>
          ) : (
            <LineEditor key={line.id} line={line} readOnly={readOnly} />
          ),
        )}
      </ol>
      {!readOnly && (
        <>
          <form className="add-line" onSubmit={(e) => void submitLine(e)}>
            <label className="field">
              <span>{t('clinical.prescriptions.addDrug')}</span>
              <input
                value={drug}
                onChange={(e) => setDrug(e.target.value)}
                list="known-drugs"
                data-testid="line-new-drug"
              />
            </label>
            <button type="submit" className="button button--primary" data-testid="line-add">
              + {t('clinical.prescriptions.addLine')}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => setReusing(!reusing)}
              aria-expanded={reusing}
            >
              {t('clinical.prescriptions.reuse')}
            </button>
          </form>
          {error && (
            <p className="field__error" role="alert">
              {error}
            </p>
          )}
          {reusing && (
            <PreviousPrescriptions
              patientId={patientId}
              exceptEncounterId={encounterId}
              onCopy={(from) => void copy(from)}
            />
          )}
        </>
      )}
    </article>
  );
}

function LineEditor({ line, readOnly }: { line: LocalRow; readOnly: boolean }) {
  const { t } = useTranslation();
  const db = useClinicDb();
  const marks = useOpenOutboxRows('prescription_items');
  const form = useRowAutosave('prescription_items', line, lineFields, ['medication']);
  const input = (field: string, extra: Record<string, string> = {}) => (
    <label className={`field line-field line-field--${field}`}>
      <span>{t(`clinical.prescriptions.fields.${field}`)}</span>
      <input
        value={form.values[field] ?? ''}
        readOnly={readOnly}
        onChange={(e) => form.set(field, e.target.value)}
        data-testid={`line-${field}`}
        {...extra}
      />
    </label>
  );
  async function remove() {
    if (!window.confirm(t('clinical.prescriptions.confirmRemoveLine', { drug: String(line['medication']) })))
      return;
    await mutate(db, 'prescription_items', 'delete', line.id);
  }
  return (
    <li className="line" data-testid="prescription-line">
      <div className="line__grid">
        {input('medication')}
        {input('presentation')}
        {input('dosage')}
        <label className="field line-field">
          <span>{t('clinical.prescriptions.fields.route')}</span>
          <select
            value={form.values['route'] ?? ''}
            disabled={readOnly}
            onChange={(e) => form.set('route', e.target.value)}
            data-testid="line-route"
          >
            <option value="">—</option>
            {medicationRoutes.map((route) => (
              <option key={route} value={route}>
                {t(`clinical.routes.${route}`)}
              </option>
            ))}
          </select>
        </label>
        {input('frequency', { list: 'frequencies' })}
        {input('duration')}
        {input('quantity', { inputMode: 'decimal' })}
        {input('quantity_unit')}
        {input('instructions')}
      </div>
      <div className="line__status">
        <span className={form.error ? 'field__error' : 'muted'} aria-live="polite">
          {readOnly
            ? ''
            : form.error === 'required'
              ? t('clinical.prescriptions.drugRequired')
              : t(`encounters.autosave.${form.state}`)}
        </span>
        <SyncMark mark={marks.get(line.id)} />
        {!readOnly && (
          <button type="button" className="button button--small" onClick={() => void remove()}>
            {t('clinical.prescriptions.removeLine')}
          </button>
        )}
      </div>
    </li>
  );
}

/**
 * What the drug and frequency fields offer while typing: drugs already prescribed on this device,
 * and the usual ways of writing a frequency in the person's language.
 */
function Suggestions() {
  const { t } = useTranslation();
  const db = useClinicDb();
  const names = useLiveQuery(async () => {
    const seen = new Set<string>();
    await db.rows('prescription_items').each((row) => {
      const name = row['medication'];
      if (typeof name === 'string' && name.trim() !== '' && seen.size < 300) seen.add(name.trim());
    });
    return [...seen].sort();
  }, [db]);
  const frequencies = t('clinical.prescriptions.frequencySuggestions').split('|');
  return (
    <>
      <datalist id="known-drugs">
        {(names.kind === 'ready' ? names.value : []).map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <datalist id="frequencies">
        {frequencies.map((f) => (
          <option key={f} value={f} />
        ))}
      </datalist>
    </>
  );
}
