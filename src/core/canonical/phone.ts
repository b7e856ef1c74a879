import { isValidPhoneNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * A phone number as it is stored: E.164 (+5511987654321), whatever spacing or punctuation was
 * typed. A number without +code is read in `region` (the country of the person typing). Null when
 * the text is not a valid number there, so the caller decides what a bad number means.
 */
export function canonicalPhone(text: string, region: CountryCode): string | null {
  const trimmed = text.trim();
  if (trimmed === '' || !isValidPhoneNumber(trimmed, region)) return null;
  return parsePhoneNumberFromString(trimmed, region)?.number ?? null;
}
