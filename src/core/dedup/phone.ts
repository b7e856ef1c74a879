import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { normalised, notNormalised, type Normalised } from './normalised.ts';

/** The clinics' countries, tried in this order for numbers written without a country code. */
export const defaultPhoneRegions: readonly CountryCode[] = ['BR', 'HN'];

/**
 * A phone number in E.164 (+5511987654321). Numbers with a leading + or 00 carry their country;
 * others are read as national numbers of each region in turn, and the first region where the
 * length is possible wins (a Brazilian number has 10–11 digits with the area code, a Honduran one
 * 8, so the two do not overlap). Length is checked, not the allocation of the digits: numbering
 * plans change faster than this app is updated.
 */
export function normalisePhone(
  input: string,
  regions: readonly CountryCode[] = defaultPhoneRegions,
): Normalised {
  const text = input.trim().replace(/^00/, '+');
  if (text === '') return notNormalised('empty', 'phone is empty');
  if (/[^\d\s()+.\-/]/.test(text))
    return notNormalised('invalid_characters', `"${input}" is not a phone number`);
  const candidates = text.startsWith('+') ? [undefined] : regions;
  for (const region of candidates) {
    const phone = parsePhoneNumberFromString(text, region);
    if (phone?.isPossible()) return normalised(phone.number);
  }
  return notNormalised('not_a_phone_number', `"${input}" is not a possible number in ${regions.join(', ')}`);
}
