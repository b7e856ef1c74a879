import type { CountryCode } from 'libphonenumber-js';

/** The country a phone typed without +code is read in: Honduran staff work in Spanish, Brazilian in Portuguese. */
export function phoneRegionOf(language: string): CountryCode {
  return language === 'es' ? 'HN' : 'BR';
}
