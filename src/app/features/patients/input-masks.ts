import { AsYouType, type CountryCode } from 'libphonenumber-js';

/**
 * What a field shows while a person types: punctuation added as the digits come ("529.982.247-25",
 * "(11) 98765-4321", "09/03/1984"). A mask only formats; the stored value is read back from it
 * canonical (digits, E.164, an ISO date) by the form's check, and display formatting of stored
 * values stays with the screens. Separators are added only once a digit follows them, so erasing
 * from the end never meets a separator the mask puts back.
 */
export type MaskKind = 'cpf' | 'dni' | 'phone' | 'date' | 'sus' | 'digits';

const digitsOf = (text: string) => text.replace(/\D/g, '');

/** `digits` cut into groups of `sizes`, each group after the first preceded by its separator. */
function grouped(digits: string, sizes: readonly number[], separators: readonly string[]): string {
  let out = '';
  let at = 0;
  for (let i = 0; i < sizes.length && at < digits.length; i++) {
    if (i > 0) out += separators[i - 1] ?? '';
    out += digits.slice(at, at + (sizes[i] ?? 0));
    at += sizes[i] ?? 0;
  }
  return out;
}

/** 52998224725 → 529.982.247-25, as far as typed. */
export function maskCpf(text: string): string {
  return grouped(digitsOf(text).slice(0, 11), [3, 3, 3, 2], ['.', '.', '-']);
}

/** Honduran DNI: 0801199012345 → 0801-1990-12345, as far as typed. */
export function maskDni(text: string): string {
  return grouped(digitsOf(text).slice(0, 13), [4, 4, 5], ['-', '-']);
}

/** Cartão SUS: 898001081000009 → 898 0010 8100 0009, as far as typed. */
export function maskSusCard(text: string): string {
  return grouped(digitsOf(text).slice(0, 15), [3, 4, 4, 4], [' ', ' ', ' ']);
}

/**
 * A date typed day first: 09031984 → 09/03/1984. An ISO date pasted or filled in whole
 * (1984-03-09) is turned around, so the field reads the same either way.
 */
export function maskDate(text: string): string {
  const iso = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/.exec(text);
  if (iso) return `${iso[3]}/${iso[2]}/${iso[1]}`;
  return grouped(digitsOf(text).slice(0, 8), [2, 2, 4], ['/', '/']);
}

/**
 * A phone as libphonenumber formats it while typed: national form of `region` ("(11) 98765-4321"
 * in Brazil, "9876-5432" in Honduras), international after a "+" ("+504 9876-5432"). Text with
 * letters is left alone (an extension, a note), for the check to judge.
 */
export function maskPhone(text: string, region: CountryCode): string {
  if (/[^\d\s()+\-./]/.test(text)) return text;
  const significant = text.trim().startsWith('+') ? `+${digitsOf(text)}` : digitsOf(text);
  if (significant === '' || significant === '+') return significant;
  return new AsYouType(region).input(significant);
}

export function applyMask(kind: MaskKind, text: string, region: CountryCode): string {
  switch (kind) {
    case 'cpf':
      return maskCpf(text);
    case 'dni':
      return maskDni(text);
    case 'phone':
      return maskPhone(text, region);
    case 'date':
      return maskDate(text);
    case 'sus':
      return maskSusCard(text);
    case 'digits':
      return digitsOf(text);
  }
}

/** "09/03/1984" → "1984-03-09"; an ISO date as it is; anything else trimmed, for the check to refuse. */
export function isoFromDateText(text: string): string {
  const trimmed = text.trim();
  const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(trimmed);
  return match ? `${match[3]}-${match[2]}-${match[1]}` : trimmed;
}

const significant = /[0-9+]/;

/** How many digits (and "+") stand before `caret` in `text`. */
export function significantBefore(text: string, caret: number): number {
  let count = 0;
  for (let i = 0; i < caret && i < text.length; i++) if (significant.test(text[i] ?? '')) count += 1;
  return count;
}

/** The caret position right after the `count`-th digit of `text` (0: the start). */
export function caretAfter(text: string, count: number): number {
  if (count <= 0) return 0;
  let seen = 0;
  for (let i = 0; i < text.length; i++) {
    if (significant.test(text[i] ?? '')) seen += 1;
    if (seen === count) return i + 1;
  }
  return text.length;
}

/**
 * One keystroke through the mask: the new field text and where the caret goes. Erasing a
 * separator the mask would put back erases the digit before it instead, so backspace always
 * makes progress.
 */
export function maskedEdit(
  kind: MaskKind,
  previous: string,
  typed: string,
  caret: number,
  region: CountryCode,
): { readonly value: string; readonly caret: number } {
  let text = typed;
  let before = significantBefore(typed, caret);
  const erased = typed.length < previous.length;
  if (erased && applyMask(kind, typed, region) === previous && before > 0) {
    const at = caretAfter(typed, before);
    text = typed.slice(0, at - 1) + typed.slice(at);
    before -= 1;
  }
  const value = applyMask(kind, text, region);
  return { value, caret: caretAfter(value, before) };
}
