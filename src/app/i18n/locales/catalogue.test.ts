import { describe, expect, it } from 'vitest';
import { ptBR } from './pt-BR.ts';
import { es } from './es.ts';
import { en } from './en.ts';
import { dataMigrations } from '../../../engine/data-migrations.ts';

type Tree = { readonly [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [[`${prefix}${key}`, value]] : leaves(value, `${prefix}${key}.`),
  );
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] ?? '').sort();
}

describe('locale catalogues', () => {
  const source = new Map(leaves(ptBR));
  for (const [name, catalogue] of [
    ['es', es],
    ['en', en],
  ] as const) {
    it(`${name} has every key of pt-BR, none empty, with the same placeholders`, () => {
      const target = new Map(leaves(catalogue));
      expect([...target.keys()].sort()).toEqual([...source.keys()].sort());
      for (const [key, text] of target) {
        expect(text.trim(), key).not.toBe('');
        expect(placeholders(text), key).toEqual(placeholders(source.get(key) ?? ''));
      }
    });
  }

  it('pt-BR describes every data migration the sync panel lists', () => {
    const described = Object.keys(ptBR.syncPanel.dataMigrations);
    expect(described.sort()).toEqual(dataMigrations.map((migration) => migration.id).sort());
  });
});
