import { foldForSearch } from './patient-search.ts';

/**
 * Existing patients the one being typed may duplicate, and why (DESIGN: same document, same name
 * and birth date, same phone). Strongest reason first; a patient appears once, with its strongest
 * reason. The patient being edited (`selfId`) is never its own duplicate.
 */
export type DuplicateReason = 'document' | 'nameBirth' | 'phone';

export interface DuplicateCandidate<P> {
  readonly patient: P;
  readonly reason: DuplicateReason;
}

export interface DuplicateProbe {
  readonly full_name: string;
  readonly document_id: string;
  readonly birth_date: string;
  readonly phone: string;
}

interface PatientLike {
  readonly id: string;
  readonly [column: string]: unknown;
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const digits = (value: unknown): string => str(value).replace(/\D/g, '');

/** Phones compare by their last 8 digits: "+55 11 91234-5678" and "91234-5678" are the same line. */
const phoneTail = (value: unknown): string => digits(value).slice(-8);

export function findDuplicateCandidates<P extends PatientLike>(
  probe: DuplicateProbe,
  patients: readonly P[],
  selfId: string | null,
  limit = 5,
): DuplicateCandidate<P>[] {
  const document = digits(probe.document_id);
  const name = foldForSearch(probe.full_name);
  const phone = phoneTail(probe.phone);
  const found: DuplicateCandidate<P>[] = [];
  for (const patient of patients) {
    if (patient.id === selfId || (patient['deleted_at'] !== null && patient['deleted_at'] !== undefined)) continue;
    let reason: DuplicateReason | null = null;
    if (document.length >= 5 && digits(patient['document_id']) === document) reason = 'document';
    else if (name && probe.birth_date && str(patient['birth_date']) === probe.birth_date && foldForSearch(str(patient['full_name'])) === name) {
      reason = 'nameBirth';
    } else if (phone.length === 8 && phoneTail(patient['phone']) === phone) reason = 'phone';
    if (reason) found.push({ patient, reason });
  }
  const rank: Record<DuplicateReason, number> = { document: 0, nameBirth: 1, phone: 2 };
  return found.sort((a, b) => rank[a.reason] - rank[b.reason]).slice(0, limit);
}
