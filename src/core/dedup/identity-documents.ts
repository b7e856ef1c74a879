import { normalised, notNormalised, type Normalised } from './normalised.ts';

/**
 * Brazilian RG. Each state issues its own format (digits, sometimes a final X, sometimes the
 * state's letters), so there is no check-digit rule to apply nationally. The normal form keeps
 * digits and letters, upper case, without punctuation: "mg-12.345.678" → "MG12345678".
 */
export function normaliseRg(input: string): Normalised {
  const text = input.trim();
  if (text === '') return notNormalised('empty', 'RG is empty');
  if (!/^[0-9A-Za-z.\-\s/]+$/.test(text))
    return notNormalised('invalid_characters', 'RG has unexpected characters');
  const value = text.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
  if (!/\d/.test(value) || value.length < 5 || value.length > 14) {
    return notNormalised('invalid_length', `RG "${value}" is not 5 to 14 characters with digits`);
  }
  return normalised(value);
}

/**
 * Honduran DNI (Documento Nacional de Identificación): 13 digits, written 0801-1990-12345: the
 * department (01–18) and municipality of registration, the year of birth, a sequence number.
 * The normal form is the 13 digits.
 */
export function normaliseDni(input: string): Normalised {
  const text = input.trim();
  if (text === '') return notNormalised('empty', 'DNI is empty');
  if (!/^[\d\-\s]+$/.test(text))
    return notNormalised('invalid_characters', 'DNI has characters other than digits and dashes');
  const digits = text.replace(/\D/g, '');
  if (digits.length !== 13)
    return notNormalised('invalid_length', `DNI has ${digits.length} digits, expected 13`);
  const department = Number(digits.slice(0, 2));
  if (department < 1 || department > 18)
    return notNormalised('invalid_region', `DNI department ${digits.slice(0, 2)} does not exist`);
  return normalised(digits);
}
