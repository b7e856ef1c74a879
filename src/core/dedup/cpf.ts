import { normalised, notNormalised, type Normalised } from './normalised.ts';

/**
 * Brazilian CPF: 11 digits, the last two are check digits (mod 11, weights 10..2 then 11..2).
 * Accepts the usual punctuation (123.456.789-09) and surrounding spaces; the normal form is the 11
 * digits. Sequences of one repeated digit satisfy the check but are invalid by rule.
 */
export function normaliseCpf(input: string): Normalised {
  const text = input.trim();
  if (text === '') return notNormalised('empty', 'CPF is empty');
  if (!/^[\d.\-\s/]+$/.test(text))
    return notNormalised('invalid_characters', 'CPF has characters other than digits, dots and dashes');
  const digits = text.replace(/\D/g, '');
  if (digits.length !== 11)
    return notNormalised('invalid_length', `CPF has ${digits.length} digits, expected 11`);
  if (/^(\d)\1{10}$/.test(digits)) return notNormalised('repeated_digits', 'CPF made of one repeated digit');
  const values = [...digits].map(Number);
  if (checkDigit(values.slice(0, 9)) !== values[9] || checkDigit(values.slice(0, 10)) !== values[10]) {
    return notNormalised('invalid_check_digits', 'CPF check digits do not match');
  }
  return normalised(digits);
}

/** Check digit over `digits` with weights n+1 … 2. */
function checkDigit(digits: readonly number[]): number {
  const weighted = digits.reduce((sum, digit, index) => sum + digit * (digits.length + 1 - index), 0);
  const remainder = (weighted * 10) % 11;
  return remainder === 10 ? 0 : remainder;
}

/** Formats 11 normalised digits as 123.456.789-09 for display. */
export function formatCpf(digits: string): string {
  return digits.replace(/^(\d{3})(\d{3})(\d{3})(\d{2})$/, '$1.$2.$3-$4');
}
