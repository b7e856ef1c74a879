/**
 * What a clinician reads first about a patient, computed from the row: age in whole years on a
 * given day (from the calendar birth date, never shifted by a time zone).
 */
export function ageOn(birthDate: unknown, today: Date): number | null {
  if (typeof birthDate !== 'string') return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  let age = today.getFullYear() - year;
  const beforeBirthday =
    today.getMonth() + 1 < month || (today.getMonth() + 1 === month && today.getDate() < day);
  if (beforeBirthday) age -= 1;
  return age >= 0 && age < 150 ? age : null;
}

/** Whole months from a calendar birth date to `today` (for a baby's age), or null. */
export function monthsOn(birthDate: unknown, today: Date): number | null {
  if (typeof birthDate !== 'string') return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  let months = (today.getFullYear() - year) * 12 + (today.getMonth() + 1 - month);
  if (today.getDate() < day) months -= 1;
  return months >= 0 ? months : null;
}

/** The `t` of react-i18next, as far as the age needs it. */
type Translate = (key: string, options: { count: number }) => string;

/**
 * A patient's age as every screen names it next to the name ("46 anos", "1 ano", a baby's
 * "8 meses"), or '' without a readable birth date. The one age text of the app: lists, chart
 * headers, pickers and documents all call it.
 */
export function formatAge(t: Translate, birthDate: unknown, today: Date = new Date()): string {
  const years = ageOn(birthDate, today);
  if (years === null) return '';
  if (years >= 1) return t('clinical.patient.age', { count: years });
  const months = monthsOn(birthDate, today);
  return months === null ? '' : t('clinical.patient.ageMonths', { count: months });
}

/** A CPF (000.000.000-00) and a Honduran DNI (0801-1990-12345) as people write them; other documents as stored. */
export function formatDocument(type: unknown, value: unknown): string {
  if (typeof value !== 'string' || value === '') return '';
  const digits = value.replace(/\D/g, '');
  if (type === 'CPF' && digits.length === 11)
    return `${digits.slice(0, 3)}.${digits.slice(3, 6)}.${digits.slice(6, 9)}-${digits.slice(9)}`;
  if (type === 'DNI' && digits.length === 13)
    return `${digits.slice(0, 4)}-${digits.slice(4, 8)}-${digits.slice(8)}`;
  return value;
}

/** Whether a row is live (not soft-deleted). */
export const isLive = (row: { readonly deleted_at?: unknown }): boolean =>
  row.deleted_at === null || row.deleted_at === undefined;
