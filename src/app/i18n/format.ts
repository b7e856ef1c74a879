import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * Locale-aware formatting. Dates from the database are `YYYY-MM-DD` (calendar dates, no zone) or
 * ISO timestamps; calendar dates are formatted in UTC so that a birth date never shifts by a day.
 */
const dateOnly = /^\d{4}-\d{2}-\d{2}$/;

export function formatDate(value: string | null | undefined, locale: string): string {
  if (!value) return '';
  const date = new Date(dateOnly.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'short',
    ...(dateOnly.test(value) ? { timeZone: 'UTC' } : {}),
  }).format(date);
}

export function formatDateTime(
  value: string | number | null | undefined,
  locale: string,
  timeZone?: string,
): string {
  if (value === null || value === undefined || value === '') return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'short',
    timeStyle: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(date);
}

export function formatTime(value: string | number, locale: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(
    new Date(value),
  );
}

export function formatNumber(value: number, locale: string, maximumFractionDigits = 2): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits }).format(value);
}

/** The currency a locale uses when the record does not say: BRL in Brazil, HNL in Honduras. */
export function defaultCurrency(locale: string): string {
  return locale === 'es' ? 'HNL' : 'BRL';
}

export function formatCurrency(value: number, locale: string, currency = defaultCurrency(locale)): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(value);
}

export function formatRelative(fromMs: number, nowMs: number, locale: string): string {
  const seconds = Math.round((fromMs - nowMs) / 1000);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(seconds, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86_400), 'day');
}

/**
 * A stored phone (E.164) as a person of `region` dials it: a number of their own country in its
 * national form ("(11) 98765-4321" in Brazil, "9876-5432" in Honduras), any other in
 * international form; text that is not a number as it is. For lists, where the country goes
 * without saying.
 */
export function formatPhoneIn(value: string, region: CountryCode): string {
  if (value === '') return '';
  const phone = parsePhoneNumberFromString(value);
  if (phone === undefined) return value;
  return phone.country === region ? phone.formatNational() : phone.formatInternational();
}

/** A stored phone (E.164) for reading: "+55 11 97777-8888"; text that is not a number as it is. */
export function formatPhone(value: string): string {
  if (value === '') return '';
  return parsePhoneNumberFromString(value)?.formatInternational() ?? value;
}

const byteUnits = ['kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/**
 * A size in bytes as people read it, with the locale's separators: "980 B", "100,5 kB",
 * "3,1 MB" in pt-BR ("100.5 kB" in English). Steps of 1024, one decimal at most.
 */
export function formatBytes(bytes: number, locale: string): string {
  if (!Number.isFinite(bytes) || bytes < 1024) {
    return new Intl.NumberFormat(locale, { style: 'unit', unit: 'byte', unitDisplay: 'narrow' }).format(
      Number.isFinite(bytes) ? bytes : 0,
    );
  }
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < byteUnits.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: byteUnits[unit],
    maximumFractionDigits: 1,
  }).format(value);
}
