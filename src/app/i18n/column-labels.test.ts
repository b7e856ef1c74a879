import { describe, expect, it } from 'vitest';
import { clinicTables, serverColumns } from '../../core/schema/clinic-tables.ts';
import { en } from './locales/en.ts';
import { es } from './locales/es.ts';
import { ptBR } from './locales/pt-BR.ts';

// Screens name a column through `columns.<name>` and would otherwise fall back to the raw column
// name ("checked in at"): every column a person may see has a label in every language.
const shown = new Set<string>();
for (const table of Object.values(clinicTables))
  for (const column of table.columns)
    if (column.name !== 'id' && !(serverColumns as readonly string[]).includes(column.name))
      shown.add(column.name);

describe.each([
  ['pt-BR', ptBR],
  ['es', es],
  ['en', en],
])('column labels in %s', (_language, messages) => {
  it('name every column of every synced table', () => {
    const labels = messages.columns as Record<string, string>;
    expect([...shown].filter((name) => !labels[name]?.trim())).toEqual([]);
  });
});
