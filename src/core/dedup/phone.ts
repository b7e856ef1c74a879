import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { normalised, notNormalised, type Normalised } from './normalised.ts';

/** The clinics' countries, tried in this order for numbers written without a country code. */
export const defaultPhoneRegions: readonly CountryCode[] = ['BR', 'HN'];

/**
 * A phone number in E.164 (+5511987654321). Numbers with a leading + or 00 carry their country
 * and only need a possible length. Others are national numbers: the first region (in order)
 * where the number is valid wins, and only if none finds it valid, the first where its length
 * is possible (numbering plans change faster than the metadata shipped with the app). Validity
 * first matters: "9876-5432" has a possible length in Brazil (a local number without its area
 * code) but is only a valid number in Honduras.
 */
export function normalisePhone(
  input: string,
  regions: readonly CountryCode[] = defaultPhoneRegions,
): Normalised {
  const text = input.trim().replace(/^00/, '+');
  if (text === '') return notNormalised('empty', 'phone is empty');
  if (/[^\d\s()+.\-/]/.test(text))
    return notNormalised('invalid_characters', `"${input}" is not a phone number`);
  const parsed = text.startsWith('+')
    ? [parsePhoneNumberFromString(text)]
    : regions.map((region) => parsePhoneNumberFromString(text, region));
  const found =
    (text.startsWith('+') ? undefined : parsed.find((phone) => phone?.isValid())) ??
    parsed.find((phone) => phone?.isPossible());
  if (found !== undefined) return normalised(found.number);
  return notNormalised('not_a_phone_number', `"${input}" is not a possible number in ${regions.join(', ')}`);
}
