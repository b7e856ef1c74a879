import { isValidPhoneNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { cpfProblem, formatCpf } from './cpf.ts';

/**
 * The patient form as typed (all strings) and its check. Every problem is a code naming the
 * field and what is wrong; the UI translates codes. Only a form without problems produces the
 * column values to write, so nothing reaches the outbox until the whole form is valid.
 */
export const documentTypes = ['CPF', 'RG', 'DNI', 'passport', 'other'] as const;
export const sexes = ['female', 'male', 'other', 'unknown'] as const;

export interface PatientForm {
  readonly full_name: string;
  readonly document_type: string;
  readonly document_id: string;
  readonly birth_date: string;
  readonly sex: string;
  readonly phone: string;
  readonly email: string;
  readonly notes: string;
}

export const emptyPatientForm: PatientForm = {
  full_name: '',
  document_type: '',
  document_id: '',
  birth_date: '',
  sex: '',
  phone: '',
  email: '',
  notes: '',
};

export type PatientFieldProblem =
  | 'required'
  | 'tooLong'
  | 'cpfLength'
  | 'cpfDigits'
  | 'cpfRepeated'
  | 'dniInvalid'
  | 'phoneInvalid'
  | 'dateInvalid'
  | 'dateFuture'
  | 'dateTooOld'
  | 'emailInvalid'
  | 'notAllowed';

export type PatientProblems = Partial<Record<keyof PatientForm, PatientFieldProblem>>;

export type PatientColumns = {
  full_name: string;
  document_type: string | null;
  document_id: string | null;
  birth_date: string | null;
  sex: string | null;
  phone: string | null;
  phone_normalized: string | null;
  email: string | null;
  notes: string | null;
};

export type PatientCheck =
  | { readonly ok: true; readonly columns: PatientColumns }
  | { readonly ok: false; readonly problems: PatientProblems };

export interface CheckContext {
  /** Today as YYYY-MM-DD (injected: tests and time zones). */
  readonly today: string;
  /** Country assumed for phones typed without +code. */
  readonly defaultCountry: CountryCode;
}

const maxName = 200;
const maxNotes = 4000;
const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;
const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function dateProblem(value: string, today: string): PatientFieldProblem | null {
  const match = isoDate.exec(value);
  if (!match) return 'dateInvalid';
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (
    date.getUTCFullYear() !== Number(y) ||
    date.getUTCMonth() !== Number(m) - 1 ||
    date.getUTCDate() !== Number(d)
  ) {
    return 'dateInvalid';
  }
  if (value > today) return 'dateFuture';
  if (Number(y) < 1900) return 'dateTooOld';
  return null;
}

function documentProblem(type: string, value: string): PatientFieldProblem | null {
  if (type === 'CPF') {
    const problem = cpfProblem(value);
    if (problem === 'length') return 'cpfLength';
    if (problem === 'repeated') return 'cpfRepeated';
    if (problem === 'check-digits') return 'cpfDigits';
    return null;
  }
  // Honduran DNI: 13 digits (municipality, year of registration, sequence), usually 0801-1990-12345.
  if (type === 'DNI' && value.replace(/\D/g, '').length !== 13) return 'dniInvalid';
  if (value.length > 40) return 'tooLong';
  return null;
}

export function checkPatientForm(form: PatientForm, context: CheckContext): PatientCheck {
  const problems: PatientProblems = {};
  const name = form.full_name.trim().replace(/\s+/g, ' ');
  if (!name) problems.full_name = 'required';
  else if (name.length > maxName) problems.full_name = 'tooLong';

  const documentType = form.document_type.trim();
  const documentId = form.document_id.trim();
  if (documentType && !(documentTypes as readonly string[]).includes(documentType))
    problems.document_type = 'notAllowed';
  if (documentId && !documentType) problems.document_type = 'required';
  if (documentId && documentType) {
    const problem = documentProblem(documentType, documentId);
    if (problem) problems.document_id = problem;
  }
  if (!documentId && documentType) problems.document_id = 'required';

  const birth = form.birth_date.trim();
  if (birth) {
    const problem = dateProblem(birth, context.today);
    if (problem) problems.birth_date = problem;
  }
  if (form.sex && !(sexes as readonly string[]).includes(form.sex)) problems.sex = 'notAllowed';

  const phoneText = form.phone.trim();
  let phone: string | null = null;
  if (phoneText) {
    if (!isValidPhoneNumber(phoneText, context.defaultCountry)) problems.phone = 'phoneInvalid';
    else phone = parsePhoneNumberFromString(phoneText, context.defaultCountry)?.number ?? null;
  }
  const mail = form.email.trim();
  if (mail && !email.test(mail)) problems.email = 'emailInvalid';
  if (form.notes.length > maxNotes) problems.notes = 'tooLong';

  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return {
    ok: true,
    columns: {
      full_name: name,
      document_type: documentType || null,
      document_id: documentId ? (documentType === 'CPF' ? formatCpf(documentId) : documentId) : null,
      birth_date: birth || null,
      sex: form.sex || null,
      phone,
      phone_normalized: phone,
      email: mail || null,
      notes: form.notes.trim() || null,
    },
  };
}

/** The form for an existing row (null columns become empty fields). */
export function formFromRow(row: Readonly<Record<string, unknown>>): PatientForm {
  const text = (column: keyof PatientForm): string => {
    const value = row[column];
    return typeof value === 'string' ? value : '';
  };
  return {
    full_name: text('full_name'),
    document_type: text('document_type'),
    document_id: text('document_id'),
    birth_date: text('birth_date'),
    sex: text('sex'),
    phone: text('phone'),
    email: text('email'),
    notes: text('notes'),
  };
}

/** Only the columns whose value differs from the row: an update carries what changed. */
export function changedColumns(
  columns: PatientColumns,
  row: Readonly<Record<string, unknown>>,
): Partial<PatientColumns> {
  const changed: Record<string, string | null> = {};
  for (const [column, value] of Object.entries(columns)) {
    if ((row[column] ?? null) !== value) changed[column] = value;
  }
  return changed as Partial<PatientColumns>;
}
