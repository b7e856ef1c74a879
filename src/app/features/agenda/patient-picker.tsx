import { useDeferredValue, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalRow } from '../../../engine/local-records.ts';
import { mutate } from '../../../engine/write-api.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { Live } from '../../components/screen-states.tsx';
import { formatDate, formatPhone } from '../../i18n/format.ts';
import { phoneRegionOf } from '../../i18n/phone-region.ts';
import { editErrorText } from '../../sync/edit-error-text.ts';
import { ageOn, formatDocument } from '../clinical/patient-facts.ts';
import { usePatientIndex } from '../patients/use-patients.ts';
import { checkPatientForm, emptyPatientForm } from '../patients/patient-validation.ts';

const fieldLabels: Readonly<Record<string, string>> = {
  full_name: 'patients.fullName',
  birth_date: 'patients.birthDate',
  phone: 'patients.phone',
};

/** Matches listed at once; typing more narrows them (the index answers in one pass). */
const shown = 25;

interface Props {
  readonly chosen: LocalRow | null;
  readonly onChoose: (patient: LocalRow | null) => void;
  readonly branchId: string | null;
}

/**
 * Choosing the patient of a booking with the patient list's own instant search (name, CPF,
 * phone), each match with age and birth date so namesakes tell apart, and a new patient
 * registered inline (name, birth date, phone) without leaving the booking.
 */
export function PatientPicker({ chosen, onChoose, branchId }: Props) {
  const { t } = useTranslation();
  if (chosen) {
    return (
      <div className="field" data-testid="picked-patient">
        <span>{t('frontDesk.booking.patient')} *</span>
        <div className="toolbar">
          <PatientLine patient={chosen} />
          <button type="button" className="button button--small" onClick={() => onChoose(null)}>
            {t('frontDesk.booking.change')}
          </button>
        </div>
      </div>
    );
  }
  return <PatientSearch onChoose={onChoose} branchId={branchId} />;
}

function PatientLine({ patient }: { patient: LocalRow }) {
  const { t, i18n } = useTranslation();
  const age = ageOn(patient['birth_date'], new Date());
  const born = patient['birth_date'];
  const document = formatDocument(patient['document_type'], patient['document_id']);
  const phone = typeof patient['phone'] === 'string' ? formatPhone(patient['phone']) : '';
  return (
    <span className="patient-picker__line">
      <strong>{String(patient['full_name'] ?? '—')}</strong>{' '}
      <span className="muted">
        {[
          age === null ? null : t('clinical.patient.age', { count: age }),
          typeof born === 'string'
            ? t('frontDesk.booking.born', { date: formatDate(born, i18n.language) })
            : null,
          document || null,
          phone || null,
        ]
          .filter(Boolean)
          .join(' · ')}
      </span>
    </span>
  );
}

function PatientSearch({ onChoose, branchId }: { onChoose: (p: LocalRow) => void; branchId: string | null }) {
  const { t } = useTranslation();
  const index = usePatientIndex();
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const [creating, setCreating] = useState(false);
  return (
    <div className="field patient-picker">
      <label htmlFor="booking-patient-search">{t('frontDesk.booking.search')} *</label>
      <input
        id="booking-patient-search"
        type="search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        placeholder={t('frontDesk.booking.searchPlaceholder')}
        autoComplete="off"
        data-testid="booking-patient-search"
        autoFocus
      />
      <Live result={index}>
        {(value) => <Matches search={value.search} size={value.size} query={deferred} onChoose={onChoose} />}
      </Live>
      {creating ? (
        <NewPatient
          initialName={/\p{L}/u.test(query) ? query : ''}
          branchId={branchId}
          onCreated={onChoose}
          onCancel={() => setCreating(false)}
        />
      ) : (
        <button
          type="button"
          className="button button--small"
          onClick={() => setCreating(true)}
          data-testid="booking-new-patient"
        >
          + {t('frontDesk.booking.newPatient')}
        </button>
      )}
    </div>
  );
}

function Matches({
  search,
  size,
  query,
  onChoose,
}: {
  search: (query: string, limit?: number) => LocalRow[];
  size: number;
  query: string;
  onChoose: (p: LocalRow) => void;
}) {
  const { t } = useTranslation();
  const results = useMemo(() => (query.trim() ? search(query, shown) : []), [search, query]);
  if (!query.trim()) return <p className="muted">{t('frontDesk.booking.typeToSearch', { count: size })}</p>;
  if (results.length === 0) return <p className="muted">{t('frontDesk.booking.noMatch')}</p>;
  return (
    <ul className="patient-picker__results" role="listbox" aria-label={t('frontDesk.booking.patient')}>
      {results.map((patient) => (
        <li key={patient.id} role="option" aria-selected={false}>
          <button
            type="button"
            className="patient-picker__option"
            onClick={() => onChoose(patient)}
            data-testid="booking-patient-option"
          >
            <PatientLine patient={patient} />
          </button>
        </li>
      ))}
    </ul>
  );
}

function NewPatient({
  initialName,
  branchId,
  onCreated,
  onCancel,
}: {
  initialName: string;
  branchId: string | null;
  onCreated: (p: LocalRow) => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const db = useClinicDb();
  const [form, setForm] = useState({ ...emptyPatientForm, full_name: initialName });
  const [error, setError] = useState<string | null>(null);
  const set = (field: 'full_name' | 'birth_date' | 'phone') => (value: string) =>
    setForm((previous) => ({ ...previous, [field]: value }));

  async function create(event: FormEvent) {
    event.preventDefault();
    const today = new Date().toISOString().slice(0, 10);
    const check = checkPatientForm(form, { today, defaultCountry: phoneRegionOf(i18n.language) });
    if (!check.ok) {
      const [field, problem] = Object.entries(check.problems)[0] ?? [];
      const label = fieldLabels[String(field)] ?? 'patients.fullName';
      setError(`${t(label)}: ${t(`validation.${String(problem)}`, { max: 200 })}`);
      return;
    }
    const id = crypto.randomUUID();
    const columns = { ...check.columns, ...(branchId ? { branch_id: branchId } : {}) };
    const result = await mutate(db, 'patients', 'insert', id, columns);
    if (!result.ok) {
      setError(editErrorText(t, result.error));
      return;
    }
    const row = await db.rows('patients').get(id);
    if (row) onCreated(row);
  }

  // A form inside the booking form is not valid HTML: this one is a group submitted by its button.
  return (
    <div
      className="card"
      role="group"
      aria-label={t('frontDesk.booking.newPatient')}
      data-testid="booking-new-patient-form"
    >
      <label className="field">
        <span>{t('frontDesk.booking.newPatientName')} *</span>
        <input value={form.full_name} onChange={(e) => set('full_name')(e.target.value)} required />
      </label>
      <div className="booking-form__row">
        <label className="field">
          <span>{t('frontDesk.booking.newPatientBirth')}</span>
          <input type="date" value={form.birth_date} onChange={(e) => set('birth_date')(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('frontDesk.booking.newPatientPhone')}</span>
          <input type="tel" value={form.phone} onChange={(e) => set('phone')(e.target.value)} />
        </label>
      </div>
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
      <div className="toolbar">
        <button type="button" className="button button--primary" onClick={(e) => void create(e)}>
          {t('frontDesk.booking.createPatient')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('frontDesk.booking.cancel')}
        </button>
      </div>
    </div>
  );
}
