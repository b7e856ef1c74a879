/**
 * Completes a catalogue's counted texts so every count reads right in every language the app speaks:
 * - the count is written with the language's separators ("1.250 pacientes", "1,250 patients"):
 *   `{{count}}` goes through i18next's `number` format (Intl.NumberFormat);
 * - `_zero`: a count of 0 takes the plural ("0 pacientes", "0 arquivos"). CLDR puts 0 in
 *   Portuguese's `one` form ("0 paciente"), which Brazilian writing does not use; i18next looks a
 *   `_zero` key up first for a count of 0;
 * - `_many`: CLDR gives Portuguese and Spanish a `many` form for round millions ("1 000 000 de
 *   pacientes"); without the key i18next would print the key's name, so it reads as `_other`.
 * Keys a catalogue writes itself are kept.
 */
type Tree = { readonly [key: string]: string | Tree };

export function withPluralForms<T extends Tree>(tree: T): T {
  const out: Record<string, string | Tree> = {};
  for (const [key, value] of Object.entries(tree)) {
    out[key] =
      typeof value === 'string' ? value.replaceAll('{{count}}', '{{count, number}}') : withPluralForms(value);
  }
  for (const [key, value] of Object.entries(tree)) {
    const other = out[key];
    if (typeof other !== 'string' || typeof value !== 'string' || !key.endsWith('_other')) continue;
    const base = key.slice(0, -'_other'.length);
    for (const form of ['_zero', '_many']) if (!(base + form in tree)) out[base + form] = other;
  }
  return out as T;
}
