import type { LocalRow } from '../../../engine/local-records.ts';

/** "CRM-SP 123456" as registered; the council alone when no number was recorded. */
export function registrationOf(profile: LocalRow | undefined): string {
  if (!profile) return '';
  const written = typeof profile['license_number'] === 'string' ? profile['license_number'].trim() : '';
  const council = typeof profile['council'] === 'string' ? profile['council'] : '';
  if (written === '') return council;
  return council === '' || written.toUpperCase().startsWith(council) ? written : `${council} ${written}`;
}

/** Councils whose members may sign a controlled-drug prescription (physicians, dentists). */
export const prescribersOfControlledDrugs: readonly string[] = ['CRM', 'CRO', 'CMH'];

export function mayPrescribeControlled(profile: LocalRow | undefined): boolean {
  const council = profile?.['council'];
  return typeof council === 'string' && prescribersOfControlledDrugs.includes(council);
}
