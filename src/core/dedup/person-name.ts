import { normalised, notNormalised, type Normalised } from './normalised.ts';

/**
 * Joining words that people write or drop at will ("Maria da Silva" / "Maria Silva",
 * "José de la Cruz" / "José Cruz"); left out of the comparison key.
 */
const connectors = new Set(['da', 'das', 'de', 'del', 'do', 'dos', 'e', 'la', 'las', 'los', 'y']);

/**
 * A name as a comparison key: accents removed (NFD then combining marks dropped), lower case,
 * punctuation as spaces, joining words dropped, single spaces. "JOSÉ  d'Ávila-Souza" →
 * "jose d avila souza". Empty when nothing is left.
 */
export function nameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .split(' ')
    .filter((word) => word !== '' && !connectors.has(word))
    .join(' ');
}

/** A birth date as `YYYY-MM-DD`, checked to be a real calendar day. */
export function normaliseBirthDate(input: string): Normalised {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(input.trim());
  if (match === null) return notNormalised('invalid_date', `"${input}" is not a YYYY-MM-DD date`);
  const [, year, month, day] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCMonth() + 1 !== Number(month) || date.getUTCDate() !== Number(day)) {
    return notNormalised('invalid_date', `${match[0]} is not a calendar day`);
  }
  return normalised(match[0]);
}
