/** A human name for a row of any table: its name-like column, else the start of its id. */
const nameColumns = ['full_name', 'name', 'description', 'number', 'medication', 'specialty', 'path'];

export function recordLabel(row: Readonly<Record<string, unknown>>): string {
  for (const column of nameColumns) {
    const value = row[column];
    if (typeof value === 'string' && value) return value;
  }
  const id = row['id'];
  return typeof id === 'string' ? id.slice(0, 8) : '—';
}
