import { fromCents, type Cents } from '../../../core/billing/money.ts';

/**
 * The number locale of a UI language for money: Spanish speakers here are in Honduras, who write
 * "L 1,234.50" (es-HN), not Spain's "1234,50 L".
 */
export function moneyLocale(language: string): string {
  return language === 'es' ? 'es-HN' : language;
}

/** "R$ 80,00", "L 80.00", "R$80.00": the branch's currency in the reader's way of writing it. */
export function formatMoney(cents: Cents, currency: string, language: string): string {
  return new Intl.NumberFormat(moneyLocale(language), { style: 'currency', currency }).format(
    fromCents(cents),
  );
}

/** The plain amount for an input ("80,00" / "80.00"), no currency sign, no grouping. */
export function moneyInputText(cents: Cents, language: string): string {
  return new Intl.NumberFormat(moneyLocale(language), {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
    useGrouping: false,
  }).format(fromCents(cents));
}

/** The decimal mark people type in this language's money locale. */
export function decimalMark(language: string): ',' | '.' {
  const part = new Intl.NumberFormat(moneyLocale(language))
    .formatToParts(1.5)
    .find((p) => p.type === 'decimal');
  return part?.value === ',' ? ',' : '.';
}

/** A quantity for reading, up to 3 decimals in the reader's locale. */
export function formatQuantity(value: number, language: string): string {
  return new Intl.NumberFormat(moneyLocale(language), { maximumFractionDigits: 3 }).format(value);
}

/**
 * What a person typed as a quantity ("1,5" or "1.5") as the decimal text the core reads. The
 * locale's group mark counts as one only before groups of three digits ("1.250" is 1250 in
 * Portuguese); typed once before anything else it is the other decimal mark ("1.5" is 1,5, not 15).
 */
export function quantityInput(text: string, language: string): string {
  const trimmed = text.trim().replace(/\s/g, '');
  const [mark, group] = decimalMark(language) === ',' ? [',', '.'] : ['.', ','];
  const grouped = new RegExp(`^-?\\d{1,3}(\\${group}\\d{3})+(\\${mark}\\d*)?$`);
  if (!trimmed.includes(mark) && trimmed.split(group).length === 2 && !grouped.test(trimmed))
    return trimmed.replace(group, '.');
  return mark === ',' ? trimmed.replace(/\./g, '').replace(',', '.') : trimmed.replace(/,/g, '');
}
