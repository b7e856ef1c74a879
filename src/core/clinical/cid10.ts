import { nameKey } from '../dedup/person-name.ts';
import { cid10Categories, type Cid10Row } from './cid10-categories.ts';

/**
 * CID-10 (ICD-10) codes: their form, and a lookup over the table the product ships.
 *
 * A code is a category (letter + two digits, "J06") or a subcategory ("J06.9"; a few national
 * extensions use a second character after the dot). The same pattern is the check constraint of
 * `encounter_diagnoses.code` and `certificates.cid_code` (and the catalogue's `format`), so what the
 * device accepts the server accepts. Any well-formed code may be used, listed or not.
 */
export const cid10Pattern = /^[A-Z][0-9]{2}(\.[0-9A-Z]{1,2})?$/;

export type Cid10Language = 'pt-BR' | 'es' | 'en';

export interface Cid10Entry {
  readonly code: string;
  readonly description: string;
}

/** "j069", "J06.9 ", "j06-9" → "J06.9"; null when it cannot be a code. */
export function normaliseCid10(input: string): string | null {
  const compact = input
    .trim()
    .toUpperCase()
    .replace(/[\s.-]/g, '');
  const match = /^([A-Z][0-9]{2})([0-9A-Z]{0,2})$/.exec(compact);
  if (!match?.[1]) return null;
  const code = match[2] ? `${match[1]}.${match[2]}` : match[1];
  return cid10Pattern.test(code) ? code : null;
}

export function isWellFormedCid10(code: string): boolean {
  return cid10Pattern.test(code);
}

const column: Record<Cid10Language, 1 | 2 | 3> = { 'pt-BR': 1, es: 2, en: 3 };

export function cid10LanguageOf(locale: string): Cid10Language {
  return locale.startsWith('es') ? 'es' : locale.startsWith('en') ? 'en' : 'pt-BR';
}

/** Words of a name or a query as the patient search compares names: no accents, lower case. */
const wordsOf = (text: string): string[] => nameKey(text).split(' ').filter(Boolean);

interface Indexed {
  readonly row: Cid10Row;
  readonly compactCode: string;
  readonly words: readonly (readonly string[])[];
}

const indexed: readonly Indexed[] = cid10Categories.map((row) => ({
  row,
  compactCode: row[0].replace('.', ''),
  words: [row[1], row[2], row[3]].map(wordsOf),
}));

/** The listed name of `code` in `language`, or undefined when the table does not list it. */
export function describeCid10(code: string, language: Cid10Language): string | undefined {
  const found = cid10Categories.find((row) => row[0] === code);
  return found?.[column[language]];
}

/**
 * Codes matching what the person typed, best first: by code (exact, then prefix: "J0" finds
 * J00…J06.9) or by name in `language`, every typed word being the start of a word of the name,
 * accents and case ignored ("cefal tens" finds G44.2). Ties keep the table's order (by code).
 */
export function searchCid10(query: string, language: Cid10Language, limit = 12): Cid10Entry[] {
  const typed = query.trim();
  if (typed === '') return [];
  const asCode = typed.toUpperCase().replace(/[\s.-]/g, '');
  const terms = wordsOf(typed);
  const languageIndex = column[language] - 1;
  const scored: { entry: Indexed; score: number }[] = [];
  for (const entry of indexed) {
    let score = 0;
    if (entry.compactCode === asCode) score = 4;
    else if (/^[A-Z][0-9]{0,2}[0-9A-Z]{0,2}$/.test(asCode) && entry.compactCode.startsWith(asCode)) score = 3;
    else {
      const words = entry.words[languageIndex] ?? [];
      if (terms.length > 0 && terms.every((term) => words.some((word) => word.startsWith(term))))
        score = words[0]?.startsWith(terms[0] ?? '') ? 2 : 1;
    }
    if (score > 0) scored.push({ entry, score });
  }
  return scored
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map(({ entry }) => ({ code: entry.row[0], description: entry.row[column[language]] }));
}
