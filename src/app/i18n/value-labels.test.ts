import { describe, expect, it } from 'vitest';
import { clinicTables, syncedTableNames } from '../../core/schema/clinic-tables.ts';
import { en } from './locales/en.ts';
import { es } from './locales/es.ts';
import { ptBR } from './locales/pt-BR.ts';

// Screens show a column's allowed value through `values.<value>` (a status, a kind, a method) and
// a table through `tables.<name>`: without a label the raw English word ("paid", "in") would show.
// A column whose values are table names (a file's owner) reads them through `tables`.
const tableNames = new Set<string>(syncedTableNames);
const values = new Set<string>();
for (const table of clinicTables)
  for (const column of table.columns)
    for (const value of column.values ?? []) if (!tableNames.has(value)) values.add(value);

describe.each([
  ['pt-BR', ptBR],
  ['es', es],
  ['en', en],
])('value and table labels in %s', (_language, messages) => {
  it('name every allowed value of every column', () => {
    const labels = messages.values as Record<string, string>;
    expect([...values].filter((value) => !labels[value]?.trim())).toEqual([]);
  });

  it('name every synced table', () => {
    const labels = messages.tables as Record<string, string>;
    expect(syncedTableNames.filter((name) => !labels[name]?.trim())).toEqual([]);
  });
});
