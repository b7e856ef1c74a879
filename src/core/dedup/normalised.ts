/** Why a document or phone could not be normalised. */
export type NormaliseErrorCode =
  | 'empty'
  | 'invalid_characters'
  | 'invalid_length'
  | 'repeated_digits' // 000.000.000-00 and the like pass the check digits but are never issued
  | 'invalid_check_digits'
  | 'invalid_region' // a Honduran DNI whose department code does not exist
  | 'invalid_date'
  | 'not_a_phone_number';

export type Normalised =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly code: NormaliseErrorCode; readonly message: string };

export function normalised(value: string): Normalised {
  return { ok: true, value };
}

export function notNormalised(code: NormaliseErrorCode, message: string): Normalised {
  return { ok: false, code, message };
}
