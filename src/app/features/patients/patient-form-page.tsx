import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { phoneRegionOf } from '../../i18n/phone-region.ts';
import { mutate } from '../../../engine/write-api.ts';
import { editErrorText } from '../../sync/edit-error-text.ts';
import type { LocalRow } from '../../../engine/local-records.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { Loading, LoadError } from '../../components/screen-states.tsx';
import {
  checkPatientForm,
  documentTypes,
  emptyPatientForm,
  formFromRow,
  patientChange,
  sexes,
  type PatientFieldProblem,
  type PatientForm,
  type PatientProblems,
} from './patient-validation.ts';
import { DuplicateWarning } from './duplicate-warning.tsx';
import { cpfHolders } from './duplicate-candidates.ts';
import { SharedCpfPrompt } from './shared-cpf-prompt.tsx';
import { MaskedInput } from './masked-input.tsx';
import { applyMask, type MaskKind } from './input-masks.ts';
import { isRequiredField } from '../../data/required-fields.ts';
import type { CountryCode } from 'libphonenumber-js';

const problemKey: Record<PatientFieldProblem, string> = {
  required: 'validation.required',
  tooLong: 'validation.tooLong',
  cpfLength: 'validation.cpfLength',
  cpfDigits: 'validation.cpfDigits',
  cpfRepeated: 'validation.cpfRepeated',
  dniInvalid: 'validation.dniInvalid',
  phoneInvalid: 'validation.phoneInvalid',
  dateInvalid: 'validation.dateInvalid',
  dateFuture: 'validation.dateFuture',
  dateTooOld: 'validation.dateTooOld',
  emailInvalid: 'validation.emailInvalid',
  susInvalid: 'validation.susInvalid',
  cardInvalid: 'validation.cardInvalid',
  notAllowed: 'validation.notAllowed',
};

function todayIso(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** `/patients/new` and `/patients/:id/edit`. */
export function PatientFormPage() {
  const { id } = useParams();
  const db = useClinicDb();
  const existing = useLiveQuery(
    async () => (id ? ((await db.rows('patients').get(id)) ?? null) : null),
    [db, id],
  );
  if (existing.kind === 'loading') return <Loading />;
  if (existing.kind === 'error') return <LoadError error={existing.error} />;
  return <PatientFormScreen key={id ?? 'new'} row={existing.value} />;
}

function PatientFormScreen({ row }: { row: LocalRow | null }) {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const navigate = useNavigate();
  // The form as it opened: a save carries only what the person changed since (patientChange).
  const [opened] = useState<PatientForm>(() => (row ? formFromRow(row) : emptyPatientForm));
  const [form, setForm] = useState<PatientForm>(opened);
  const [problems, setProblems] = useState<PatientProblems>({});
  const [submitted, setSubmitted] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Another chart holding the CPF typed: the save waits for the person's decision.
  const [holder, setHolder] = useState<LocalRow | null>(null);
  const context = useMemo(
    () => ({ today: todayIso(), defaultCountry: phoneRegionOf(i18n.language) }),
    [i18n.language],
  );

  // After a first submit, problems follow the typing so a fixed field clears at once.
  useEffect(() => {
    if (!submitted) return;
    const check = checkPatientForm(form, context);
    setProblems(check.ok ? {} : check.problems);
  }, [form, submitted, context]);

  const region = context.defaultCountry;
  const set = (field: keyof PatientForm) => (value: string) =>
    setForm((previous) => {
      const next = { ...previous, [field]: value };
      // A document typed before its type is chosen takes the type's mask when it is chosen.
      if (field === 'document_type') {
        const mask = documentMask(value);
        if (mask) next.document_id = applyMask(mask, previous.document_id, region);
      }
      return next;
    });

  async function submit(event: FormEvent) {
    event.preventDefault();
    await save(null);
  }

  /** `reason`: why the person keeps this chart though another holds its CPF (null: not asked yet). */
  async function save(reason: string | null) {
    setSubmitted(true);
    setHolder(null);
    setSaveError(null);
    const check = checkPatientForm(form, context);
    if (!check.ok) {
      setProblems(check.problems);
      const first = Object.keys(check.problems)[0];
      if (first) document.getElementById(`patient-${first}`)?.focus();
      return;
    }
    setBusy(true);
    const id = row?.id ?? crypto.randomUUID();
    const changes = row ? patientChange(opened, form, context) : check.columns;
    if (row && Object.keys(changes).length === 0) {
      setBusy(false);
      void navigate(`/patients/${id}`);
      return;
    }
    if (reason === null && (!row || 'document_id' in changes)) {
      const live = await db
        .rows('patients')
        .filter((patient) => !patient.deleted_at)
        .toArray();
      const [first] = cpfHolders(form, live, row?.id ?? null);
      if (first !== undefined) {
        setBusy(false);
        setHolder(first);
        return;
      }
    }
    const withReason = reason === null ? changes : { ...changes, duplicate_reason: reason };
    const result = await mutate(db, 'patients', row ? 'update' : 'insert', id, withReason);
    setBusy(false);
    if (!result.ok) {
      setSaveError(editErrorText(t, result.error));
      return;
    }
    void navigate(`/patients/${id}`, { state: { saved: true } });
  }

  const problemCount = Object.keys(problems).length;
  const field = (name: keyof PatientForm, label: string, input: (props: FieldProps) => React.ReactNode) => {
    const problem = problems[name];
    const props: FieldProps = {
      id: `patient-${name}`,
      value: form[name],
      onChange: set(name),
      invalid: problem !== undefined,
      describedBy: problem ? `patient-${name}-error` : undefined,
    };
    const required = isRequiredField('patients', name);
    return (
      <div className="field">
        <label htmlFor={props.id}>
          {label}
          {required && <RequiredMark />}
        </label>
        {input({ ...props, required })}
        {problem && (
          <span
            className="field__error"
            id={`patient-${name}-error`}
            data-testid={`error-${name}`}
            data-code={problem}
          >
            {t(problemKey[problem], { max: name === 'notes' ? 4000 : 200 })}
          </span>
        )}
      </div>
    );
  };

  return (
    <section aria-labelledby="patient-form-title">
      <h1 id="patient-form-title">{row ? t('patients.edit') : t('patients.new')}</h1>
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="patient-form">
        <p className="muted form-legend">
          <RequiredMark /> {t('common.requiredLegend')}
        </p>
        {problemCount > 0 && (
          <p className="alert alert--error" role="alert" data-testid="form-problems">
            {t('common.fixErrors', { count: problemCount })}
          </p>
        )}
        <DuplicateWarning form={form} selfId={row?.id ?? null} />
        <div className="form-grid">
          {field('full_name', t('patients.fullName'), (p) => (
            <TextInput {...p} autoComplete="off" />
          ))}
          {field('document_type', t('patients.documentType'), (p) => (
            <SelectInput
              {...p}
              options={documentTypes.map((value) => [value, t(`patients.documentTypes.${value}`)])}
            />
          ))}
          {field('document_id', t('patients.documentNumber'), (p) => {
            const mask = documentMask(form.document_type);
            return mask ? (
              <Masked {...p} mask={mask} region={region} inputMode="numeric" />
            ) : (
              <TextInput {...p} />
            );
          })}
          {field('birth_date', t('patients.birthDate'), (p) => (
            <Masked
              {...p}
              mask="date"
              region={region}
              inputMode="numeric"
              placeholder={t('patients.datePlaceholder')}
            />
          ))}
          {field('sex', t('patients.sex'), (p) => (
            <SelectInput {...p} options={sexes.map((value) => [value, t(`patients.sexes.${value}`)])} />
          ))}
          {field('phone', t('patients.phone'), (p) => (
            <Masked {...p} mask="phone" region={region} type="tel" inputMode="tel" />
          ))}
          {field('email', t('patients.email'), (p) => (
            <TextInput {...p} type="email" />
          ))}
        </div>
        <fieldset className="form-section">
          <legend>{t('patients.coverage')}</legend>
          <div className="form-grid">
            {field('insurance_name', t('columns.insurance_name'), (p) => (
              <TextInput {...p} autoComplete="off" />
            ))}
            {field('insurance_plan', t('columns.insurance_plan'), (p) => (
              <TextInput {...p} autoComplete="off" />
            ))}
            {field('insurance_card_number', t('columns.insurance_card_number'), (p) => (
              <Masked {...p} mask="digits" region={region} inputMode="numeric" />
            ))}
            {field('sus_card_number', t('columns.sus_card_number'), (p) => (
              <Masked {...p} mask="sus" region={region} inputMode="numeric" />
            ))}
          </div>
        </fieldset>
        {field('notes', t('patients.notes'), (p) => (
          <textarea
            id={p.id}
            rows={3}
            value={p.value}
            onChange={(e) => p.onChange(e.target.value)}
            aria-invalid={p.invalid || undefined}
            aria-describedby={p.describedBy}
          />
        ))}
        {holder && (
          <SharedCpfPrompt
            holder={holder}
            onConfirm={(why) => void save(why)}
            onCancel={() => setHolder(null)}
          />
        )}
        {saveError && (
          <p className="alert alert--error" role="alert">
            {saveError}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={busy} data-testid="patient-save">
            {busy ? t('common.saving') : t('common.save')}
          </button>
          <Link className="button" to={row ? `/patients/${row.id}` : '/patients'}>
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </section>
  );
}

interface FieldProps {
  readonly id: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly invalid: boolean;
  readonly describedBy: string | undefined;
  readonly required?: boolean;
}

/** The document types whose numbers have a fixed shape to mask (others are typed freely). */
function documentMask(type: string): MaskKind | null {
  if (type === 'CPF') return 'cpf';
  if (type === 'DNI') return 'dni';
  return null;
}

/** The mark of a required field; the legend above the form says what it means. */
function RequiredMark() {
  return (
    <span className="required-mark" aria-hidden="true">
      *
    </span>
  );
}

function Masked(
  props: FieldProps & {
    mask: MaskKind;
    region: CountryCode;
    type?: string;
    inputMode: 'numeric' | 'tel';
    placeholder?: string;
  },
) {
  return (
    <MaskedInput
      id={props.id}
      name={props.id}
      type={props.type ?? 'text'}
      inputMode={props.inputMode}
      autoComplete="off"
      placeholder={props.placeholder}
      mask={props.mask}
      region={props.region}
      value={props.value}
      onValue={props.onChange}
      aria-invalid={props.invalid || undefined}
      aria-describedby={props.describedBy}
      aria-required={props.required || undefined}
    />
  );
}

function TextInput(
  props: FieldProps & { type?: string; inputMode?: 'numeric' | 'tel'; autoComplete?: string },
) {
  return (
    <input
      id={props.id}
      name={props.id}
      type={props.type ?? 'text'}
      inputMode={props.inputMode}
      autoComplete={props.autoComplete}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      aria-invalid={props.invalid || undefined}
      aria-describedby={props.describedBy}
      aria-required={props.required || undefined}
    />
  );
}

function SelectInput(props: FieldProps & { options: readonly (readonly [string, string])[] }) {
  return (
    <select
      id={props.id}
      name={props.id}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      aria-invalid={props.invalid || undefined}
      aria-describedby={props.describedBy}
    >
      <option value="">—</option>
      {props.options.map(([value, label]) => (
        <option key={value} value={value}>
          {label}
        </option>
      ))}
    </select>
  );
}
