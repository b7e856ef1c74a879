import { cid10LanguageOf, describeCid10 } from '../../../core/clinical/cid10.ts';
import type { LocalRow } from '../../../engine/local-records.ts';

/**
 * "J06.9 — name": the name in the document's language when the shipped table lists the code,
 * else the description the professional chose or typed.
 */
export function diagnosisText(diagnosis: LocalRow, language: string): string {
  const code = typeof diagnosis['code'] === 'string' ? diagnosis['code'] : '';
  const chosen = typeof diagnosis['description'] === 'string' ? diagnosis['description'] : '';
  return `${code} — ${describeCid10(code, cid10LanguageOf(language)) ?? chosen}`;
}
