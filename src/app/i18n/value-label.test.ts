import { describe, expect, it } from 'vitest';
import { clinicTables, syncedTableNames } from '../../core/schema/clinic-tables.ts';
import { ptBR } from './locales/pt-BR.ts';
import { es } from './locales/es.ts';
import { en } from './locales/en.ts';
import { valueLabelList } from './value-label.ts';

type Tree = { readonly [key: string]: string | Tree };

function lookUp(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

describe('enumerated values in the person language', () => {
  for (const [language, catalogue] of [
    ['pt-BR', ptBR],
    ['es', es],
    ['en', en],
  ] as const) {
    it(`${language} has words for every value a catalogue column allows`, () => {
      const missing: string[] = [];
      for (const table of clinicTables)
        for (const column of table.columns) {
          const list = valueLabelList(table.name, column.name);
          if (!column.values || list === null) continue;
          for (const value of column.values)
            if (!lookUp(catalogue as Tree, `${list}.${value}`))
              missing.push(`${table.name}.${column.name} = ${value} (${list})`);
        }
      expect(missing).toEqual([]);
    });

    it(`${language} names every synced table`, () => {
      const labels = catalogue.tables as Record<string, string>;
      expect(syncedTableNames.filter((name) => !labels[name]?.trim())).toEqual([]);
    });
  }
});
