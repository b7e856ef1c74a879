/**
 * Instant patient search over the local copy. The index is built once per change of the patient
 * list (folding accents and case, keeping only digits of documents and phones), so a keystroke
 * costs one pass of cheap string tests over precomputed keys, without touching IndexedDB.
 *
 * Matching: the query is split into words. A word with letters must start a word of the name
 * ("silva" and "ap" find "Maria Aparecida da Silva"). A word of 3+ digits must appear inside the
 * document, the phone or the Cartão SUS digits ("1234" finds "+55 11 91234-5678"). Every query word must match.
 * Results keep the order of the index (by name).
 */
export interface SearchablePatient {
  readonly id: string;
  readonly full_name?: unknown;
  readonly document_id?: unknown;
  readonly phone?: unknown;
  readonly sus_card_number?: unknown;
}

interface IndexEntry<P> {
  readonly patient: P;
  /** Folded name with a leading space, so " word" finds word starts with one indexOf. */
  readonly name: string;
  readonly digits: string;
}

export interface PatientSearchIndex<P> {
  readonly size: number;
  search(query: string, limit?: number): P[];
}

export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

type EntryTest<P> = (entry: IndexEntry<P>) => boolean;

/**
 * A query without letters is one number typed with any punctuation ("(21) 99876-5432"): its
 * digits must appear together. Otherwise each word is a name-word prefix or, with 3+ digits, a
 * piece of a document or phone; shorter digit groups are ignored (too unspecific).
 */
function queryTests<P>(query: string): EntryTest<P>[] {
  const folded = foldForSearch(query);
  if (!/\p{L}/u.test(folded)) {
    const digits = folded.replace(/\D/g, '');
    return digits.length >= 3 ? [(entry) => entry.digits.includes(digits)] : [];
  }
  const tests: EntryTest<P>[] = [];
  for (const word of folded.split(' ')) {
    if (/\p{L}/u.test(word)) {
      const needle = ` ${word}`;
      tests.push((entry) => entry.name.includes(needle));
    } else {
      const digits = word.replace(/\D/g, '');
      if (digits.length >= 3) tests.push((entry) => entry.digits.includes(digits));
    }
  }
  return tests;
}

export function buildPatientSearchIndex<P extends SearchablePatient>(
  patients: readonly P[],
): PatientSearchIndex<P> {
  const entries: IndexEntry<P>[] = patients.map((patient) => ({
    patient,
    name: ` ${foldForSearch(text(patient.full_name))}`,
    digits: [patient.document_id, patient.phone, patient.sus_card_number]
      .map((value) => text(value).replace(/\D/g, ''))
      .join(' '),
  }));
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // Typing extends the previous query, and an extended query only narrows the matches (a longer
  // word prefix, one more word, more digits), so the next keystroke scans the last matches instead
  // of every patient. Only when both queries are read the same way (letters or a bare number).
  let last: { folded: string; letters: boolean; matches: IndexEntry<P>[] } | null = null;
  return {
    size: entries.length,
    search(query, limit = Number.POSITIVE_INFINITY) {
      const tests = queryTests<P>(query);
      const folded = foldForSearch(query);
      const letters = /\p{L}/u.test(folded);
      const pool =
        last && folded.startsWith(last.folded) && last.letters === letters ? last.matches : entries;
      const matches =
        tests.length === 0 ? entries : pool.filter((entry) => tests.every((test) => test(entry)));
      last = { folded, letters, matches };
      return matches.slice(0, limit).map((entry) => entry.patient);
    },
  };
}
