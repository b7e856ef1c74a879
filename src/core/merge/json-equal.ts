/**
 * Structural equality of column values as JSON: objects compare by keys regardless of order,
 * arrays by position. A key holding `undefined` counts as absent, as after JSON serialisation.
 *
 * Two timestamps with a time zone that name the same instant are equal whatever their spelling:
 * the client writes `2026-11-22T10:00:00.000Z`, PostgreSQL answers `2026-11-22T10:00:00+00:00`,
 * and a merge must not see a change where there is none. (Instants are compared to the
 * millisecond; PostgreSQL keeps microseconds, which no client edit produces.)
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'string' && typeof b === 'string') return sameInstant(a, b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, i) => jsonEqual(item, b[i]))
    );
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) {
    if (!jsonEqual(left[key], right[key])) return false;
  }
  return true;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const timestampWithZone =
  /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

function sameInstant(a: string, b: string): boolean {
  if (!timestampWithZone.test(a) || !timestampWithZone.test(b)) return false;
  const left = Date.parse(a);
  return !Number.isNaN(left) && left === Date.parse(b);
}
