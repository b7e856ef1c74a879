/** A timestamp column rendered as Storage renders it: ISO 8601, milliseconds, `Z`. */
export const isoTime = (column: string): string =>
  `to_char(${column} at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ${column}`;
