import { changedValues } from '../../../core/canonical/changed-values.ts';
import { canonicalDocumentId } from '../../../core/canonical/document-id.ts';
import { canonicalPhone } from '../../../core/canonical/phone.ts';
import { formatSusCard, isValidSusCard, susCardDigits } from '../../../core/canonical/sus-card.ts';
import type { CountryCode } from 'libphonenumber-js';
import { formatPhone } from '../../i18n/format.ts';
import { cpfProblem } from './cpf.ts';
import { formatDocument } from '../clinical/patient-facts.ts';
import { isoFromDateText, maskDate } from './input-masks.ts';

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
  readonly insurance_name: string;
  readonly insurance_plan: string;
  readonly insurance_card_number: string;
  readonly sus_card_number: string;
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
  insurance_name: '',
  insurance_plan: '',
  insurance_card_number: '',
  sus_card_number: '',
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
  | 'susInvalid'
  | 'cardInvalid'
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
  insurance_name: string | null;
  insurance_plan: string | null;
  insurance_card_number: string | null;
  sus_card_number: string | null;
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
  const columns = canonicalColumns(form, context);
  const name = columns.full_name;
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

  const birth = columns.birth_date;
  if (birth) {
    const problem = dateProblem(birth, context.today);
    if (problem) problems.birth_date = problem;
  }
  if (form.sex && !(sexes as readonly string[]).includes(form.sex)) problems.sex = 'notAllowed';

  if (form.phone.trim() && canonicalPhone(form.phone, context.defaultCountry) === null)
    problems.phone = 'phoneInvalid';
  const mail = form.email.trim();
  if (mail && !email.test(mail)) problems.email = 'emailInvalid';
  if (form.notes.length > maxNotes) problems.notes = 'tooLong';
  if ((columns.insurance_name?.length ?? 0) > maxName) problems.insurance_name = 'tooLong';
  if ((columns.insurance_plan?.length ?? 0) > maxName) problems.insurance_plan = 'tooLong';
  const card = columns.insurance_card_number;
  if (card !== null && !/^[0-9]{1,30}$/.test(card)) problems.insurance_card_number = 'cardInvalid';
  const sus = columns.sus_card_number;
  if (sus !== null && !isValidSusCard(sus)) problems.sus_card_number = 'susInvalid';

  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, columns };
}

/** Card numbers by their digits; text with letters as typed (trimmed), for the check to refuse. */
function cardDigits(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  return /^[\d\s.\-/]+$/.test(trimmed) ? susCardDigits(trimmed) : trimmed;
}

/**
 * The form read as the columns store it (canonical: phone in E.164, CPF, DNI and card numbers by
 * their digits, the birth date typed day first as an ISO date, text trimmed, empty as null). A phone that is not a valid number is kept as typed (trimmed): the
 * check refuses it, and an untouched bad stored value still reads the same on both sides.
 */
function canonicalColumns(form: PatientForm, context: CheckContext): PatientColumns {
  const documentType = form.document_type.trim();
  const phoneText = form.phone.trim();
  const phone = phoneText ? (canonicalPhone(phoneText, context.defaultCountry) ?? phoneText) : null;
  return {
    full_name: form.full_name.trim().replace(/\s+/g, ' '),
    document_type: documentType || null,
    document_id: canonicalDocumentId(documentType, form.document_id),
    birth_date: isoFromDateText(form.birth_date) || null,
    sex: form.sex || null,
    phone,
    phone_normalized: phone,
    email: form.email.trim() || null,
    insurance_name: form.insurance_name.trim().replace(/\s+/g, ' ') || null,
    insurance_plan: form.insurance_plan.trim().replace(/\s+/g, ' ') || null,
    insurance_card_number: cardDigits(form.insurance_card_number),
    sus_card_number: cardDigits(form.sus_card_number),
    notes: form.notes.trim() || null,
  };
}

/**
 * The form for an existing row (null columns become empty fields), formatted for reading: a CPF
 * with its dots and dash, a phone in international format ("+55 11 97777-8888", which reads back
 * the same in any country), the birth date day first, the Cartão SUS in its groups. The canonical
 * reading of the form gives the stored values back.
 */
export function formFromRow(row: Readonly<Record<string, unknown>>): PatientForm {
  const text = (column: keyof PatientForm): string => {
    const value = row[column];
    return typeof value === 'string' ? value : '';
  };
  return {
    full_name: text('full_name'),
    document_type: text('document_type'),
    document_id: formatDocument(row['document_type'], row['document_id']),
    birth_date: text('birth_date') && maskDate(text('birth_date')),
    sex: text('sex'),
    phone: formatPhone(text('phone')),
    email: text('email'),
    insurance_name: text('insurance_name'),
    insurance_plan: text('insurance_plan'),
    insurance_card_number: text('insurance_card_number'),
    sus_card_number: formatSusCard(text('sus_card_number')),
    notes: text('notes'),
  };
}

/**
 * The columns the person changed: the form now against the form as it was opened, both read in
 * canonical form. Empty when nothing was touched, whatever spelling the stored row has.
 */
export function patientChange(
  opened: PatientForm,
  edited: PatientForm,
  context: CheckContext,
): Partial<PatientColumns> {
  return changedValues(canonicalColumns(opened, context), canonicalColumns(edited, context));
}
