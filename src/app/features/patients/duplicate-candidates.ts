import { findDuplicatesOf, type IdentityKey } from '../../../core/dedup/duplicate-groups.ts';
import { rulesFor } from '../../../core/entity-rules.ts';
import type { DedupKey } from '../../../core/entity-rules.ts';
import type { PatientForm } from './patient-validation.ts';
import { isoFromDateText } from './input-masks.ts';

/**
 * Existing patients the one being typed may duplicate, and why, by the core's identity keys
 * (same CPF/RG/DNI, same Cartão SUS, same name and birth date, same phone). The form is read as typed: a value
 * that does not normalise yet (half a CPF) simply gives no key, so the warning appears as soon as
 * a whole identifying value matches. The patient being edited is never its own duplicate.
 */
export interface DuplicateCandidate<P> {
  readonly patient: P;
  readonly reasons: readonly DedupKey[];
}

/** The fields of the form that identify a person (the Cartão SUS when the form has it). */
type IdentityFields = Pick<
  PatientForm,
  'full_name' | 'document_type' | 'document_id' | 'birth_date' | 'phone'
> & {
  readonly sus_card_number?: string;
};

interface PatientLike {
  readonly id: string;
  readonly [column: string]: unknown;
}

export function findDuplicateCandidates<P extends PatientLike>(
  form: IdentityFields,
  patients: readonly P[],
  selfId: string | null,
  limit = 5,
): DuplicateCandidate<P>[] {
  const candidate = {
    id: selfId,
    full_name: form.full_name,
    document_type: form.document_type || null,
    document_id: form.document_id,
    birth_date: isoFromDateText(form.birth_date),
    phone: form.phone,
    sus_card_number: form.sus_card_number ?? null,
  };
  const byId = new Map(patients.map((patient) => [patient.id, patient]));
  const matches = findDuplicatesOf(candidate, patients, { keys: rulesFor('patients').dedupKeys });
  const found: DuplicateCandidate<P>[] = [];
  for (const match of matches.slice(0, limit)) {
    const patient = byId.get(match.id);
    if (patient) found.push({ patient, reasons: match.reasons.map((reason: IdentityKey) => reason.key) });
  }
  return found;
}

/**
 * The live patients already holding the valid CPF typed in `form` (other than the one edited):
 * a second chart with it is saved only after a person says why (shared-cpf-prompt.tsx).
 */
export function cpfHolders<P extends PatientLike>(
  form: IdentityFields,
  patients: readonly P[],
  selfId: string | null,
): P[] {
  return findDuplicateCandidates(form, patients, selfId, Number.POSITIVE_INFINITY)
    .filter((candidate) => candidate.reasons.includes('cpf'))
    .map((candidate) => candidate.patient);
}
