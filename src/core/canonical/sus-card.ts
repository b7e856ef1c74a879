/**
 * The Cartão Nacional de Saúde (Cartão SUS) number: 15 digits, stored by its digits only.
 * - Numbers beginning with 1 or 2 are built from an 11-digit PIS: the weighted sum of those
 *   digits (weights 15 down to 5) gives the check digit `11 - sum % 11` (11 reads 0); when that is
 *   10, the number carries "001" and the digit is taken again with 2 added to the sum, otherwise
 *   "000". The number is valid only when it equals the one rebuilt from its first 11 digits.
 * - Provisional numbers begin with 7, 8 or 9: the sum of every digit times its weight (15 down to
 *   1) is a multiple of 11.
 * The database holds the same rule (`public.valid_sus_card`, migration 20261208120000), so a
 * number the device accepts is one the server accepts; a SQL test runs both over the same numbers.
 */
export function susCardDigits(text: string): string {
  return text.replace(/\D/g, '');
}

function weightedSum(digits: string, count: number): number {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += Number(digits[i]) * (15 - i);
  return sum;
}

/** The definitive number a PIS (the first 11 digits) gives. */
function fromPis(pis: string): string {
  const sum = weightedSum(pis, 11);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  if (check !== 10) return `${pis}000${check}`;
  return `${pis}001${11 - ((sum + 2) % 11)}`;
}

/** Whether `digits` (digits only) is a Cartão SUS number whose check digit holds. */
export function isValidSusCard(digits: string): boolean {
  if (!/^[0-9]{15}$/.test(digits)) return false;
  const first = digits[0];
  if (first === '1' || first === '2') return fromPis(digits.slice(0, 11)) === digits;
  if (first === '7' || first === '8' || first === '9') return weightedSum(digits, 15) % 11 === 0;
  return false;
}

/** 898001081000009 → "898 0010 8100 0009", as the card prints it; other text unchanged. */
export function formatSusCard(text: string): string {
  const d = susCardDigits(text);
  if (d.length !== 15) return text;
  return `${d.slice(0, 3)} ${d.slice(3, 7)} ${d.slice(7, 11)} ${d.slice(11)}`;
}
