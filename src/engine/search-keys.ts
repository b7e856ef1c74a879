/**
 * Local-only columns that make rows findable through an index the way staff search: a name
 * without accents or case ("João" finds "joao"), a phone by its digits. They exist only where a
 * store indexes them (`local-db-stores.ts`; a test keeps the two lists equal): the patients store
 * has no index, its list and search build their own in memory, so patient rows carry no keys.
 * Keys are derived from the row every time it is written locally, are prefixed with `_` so they
 * can never collide with a server column, and are never pushed (mutations carry only the columns
 * the caller changed) nor hashed (digests cover `id:rev` only).
 */
export const searchKeyColumns = ['_name_key', '_phone_key'] as const;

export type SearchKeyColumn = (typeof searchKeyColumns)[number];

/** Which server column feeds each search key, per table whose store indexes it. */
export const searchSources: Readonly<Record<string, Partial<Record<SearchKeyColumn, string>>>> = {
  profiles: { _name_key: 'full_name' },
  crm_leads: { _name_key: 'full_name', _phone_key: 'phone' },
  inventory_items: { _name_key: 'name' },
  services: { _name_key: 'name' },
};

export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

export function digitsOnly(text: string): string {
  return text.replace(/\D/g, '');
}

const keyOf: Record<SearchKeyColumn, (text: string) => string> = {
  _name_key: foldText,
  _phone_key: digitsOnly,
};

/** Returns the row with its search keys recomputed (keys whose source is empty are removed). */
export function withSearchKeys<Row extends Record<string, unknown>>(table: string, row: Row): Row {
  const sources = searchSources[table];
  if (!sources) return row;
  const next: Record<string, unknown> = { ...row };
  for (const key of searchKeyColumns) {
    const source = sources[key];
    if (source === undefined) continue;
    const value = row[source];
    if (typeof value === 'string' && value !== '') next[key] = keyOf[key](value);
    else delete next[key];
  }
  return next as Row;
}

/** The row without local-only columns: what the server knows of it. */
export function withoutLocalColumns<Row extends Record<string, unknown>>(row: Row): Row {
  const next: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) if (!column.startsWith('_')) next[column] = value;
  return next as Row;
}
