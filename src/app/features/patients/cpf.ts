/**
 * Brazilian CPF: 11 digits, the last two are check digits (mod 11 over weights 10..2 and 11..2).
 * Sequences of one repeated digit pass the arithmetic but are not issued, so they are refused.
 */
export type CpfProblem = 'length' | 'repeated' | 'check-digits';

export function cpfDigits(text: string): string {
  return text.replace(/\D/g, '');
}

function checkDigit(digits: string, length: number): number {
  let sum = 0;
  for (let i = 0; i < length; i++) sum += Number(digits[i]) * (length + 1 - i);
  const rest = (sum * 10) % 11;
  return rest === 10 ? 0 : rest;
}

/** Null when valid; else what is wrong. Punctuation (123.456.789-09) is ignored. */
export function cpfProblem(text: string): CpfProblem | null {
  const digits = cpfDigits(text);
  if (digits.length !== 11) return 'length';
  if (/^(\d)\1{10}$/.test(digits)) return 'repeated';
  if (checkDigit(digits, 9) !== Number(digits[9]) || checkDigit(digits, 10) !== Number(digits[10]))
    return 'check-digits';
  return null;
}

/** 12345678909 → 123.456.789-09 (input that is not 11 digits is returned unchanged). */
export function formatCpf(text: string): string {
  const d = cpfDigits(text);
  if (d.length !== 11) return text;
  return `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}-${d.slice(9)}`;
}
