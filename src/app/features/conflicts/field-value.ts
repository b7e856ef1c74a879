/**
 * How a column value is shown and typed on the conflict screen: text as is, null as empty,
 * numbers and booleans as their literal, objects and arrays as JSON. `parseFieldValue` reverses
 * it, guided by the value's original kind, and reports text that cannot be that kind.
 */
export function showFieldValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value, null, 1);
}

export type ParsedField =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly code: 'jsonInvalid' | 'numberInvalid' };

export function parseFieldValue(text: string, like: unknown): ParsedField {
  if (text.trim() === '') return { ok: true, value: null };
  if (typeof like === 'number') {
    const n = Number(text.replace(',', '.'));
    return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, code: 'numberInvalid' };
  }
  if (typeof like === 'boolean') return { ok: true, value: text.trim() === 'true' };
  if (typeof like === 'object' && like !== null) {
    try {
      return { ok: true, value: JSON.parse(text) as unknown };
    } catch {
      return { ok: false, code: 'jsonInvalid' };
    }
  }
  return { ok: true, value: text };
}

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
