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

/** A CPF as people write it (000.000.000-00); other documents as stored. */
export function formatDocument(type: unknown, value: unknown): string {
  if (typeof value !== 'string' || value === '') return '';
  const digits = value.replace(/\D/g, '');
  if (type === 'CPF' && digits.length === 11)
    return `${digits.slice(0, 3)}.${digits.slice(3, 6)}.${digits.slice(6, 9)}-${digits.slice(9)}`;
  return value;
}

/** Whether a row is live (not soft-deleted). */
export const isLive = (row: { readonly deleted_at?: unknown }): boolean =>
  row.deleted_at === null || row.deleted_at === undefined;
