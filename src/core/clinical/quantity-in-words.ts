/**
 * Whole quantities written out, as a controlled-drug prescription asks ("2 (duas) caixas"): the
 * receita de controle especial states each quantity in figures and in words so it cannot be
 * altered. Integers 0–9999 in Brazilian Portuguese, Spanish and English; null outside that range
 * or for fractions (the figure alone is printed then). Portuguese and Spanish words agree in the
 * feminine when `feminine` (caixas, ampolas; cajas), as the unit that follows them asks.
 */
export type WordsLanguage = 'pt-BR' | 'es' | 'en';

const pt = {
  units: [
    'zero',
    'um',
    'dois',
    'três',
    'quatro',
    'cinco',
    'seis',
    'sete',
    'oito',
    'nove',
    'dez',
    'onze',
    'doze',
    'treze',
    'catorze',
    'quinze',
    'dezesseis',
    'dezessete',
    'dezoito',
    'dezenove',
  ],
  tens: ['', '', 'vinte', 'trinta', 'quarenta', 'cinquenta', 'sessenta', 'setenta', 'oitenta', 'noventa'],
  hundreds: [
    '',
    'cento',
    'duzentos',
    'trezentos',
    'quatrocentos',
    'quinhentos',
    'seiscentos',
    'setecentos',
    'oitocentos',
    'novecentos',
  ],
};
const es = {
  units: [
    'cero',
    'uno',
    'dos',
    'tres',
    'cuatro',
    'cinco',
    'seis',
    'siete',
    'ocho',
    'nueve',
    'diez',
    'once',
    'doce',
    'trece',
    'catorce',
    'quince',
    'dieciséis',
    'diecisiete',
    'dieciocho',
    'diecinueve',
    'veinte',
    'veintiuno',
    'veintidós',
    'veintitrés',
    'veinticuatro',
    'veinticinco',
    'veintiséis',
    'veintisiete',
    'veintiocho',
    'veintinueve',
  ],
  tens: ['', '', '', 'treinta', 'cuarenta', 'cincuenta', 'sesenta', 'setenta', 'ochenta', 'noventa'],
  hundreds: [
    '',
    'ciento',
    'doscientos',
    'trescientos',
    'cuatrocientos',
    'quinientos',
    'seiscientos',
    'setecientos',
    'ochocientos',
    'novecientos',
  ],
};
const en = {
  units: [
    'zero',
    'one',
    'two',
    'three',
    'four',
    'five',
    'six',
    'seven',
    'eight',
    'nine',
    'ten',
    'eleven',
    'twelve',
    'thirteen',
    'fourteen',
    'fifteen',
    'sixteen',
    'seventeen',
    'eighteen',
    'nineteen',
  ],
  tens: ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'],
};

function portuguese(n: number, feminine: boolean): string {
  const female = (word: string) =>
    feminine
      ? word
          .replace(/^um$/, 'uma')
          .replace(/^dois$/, 'duas')
          .replace(/entos$/, 'entas')
      : word;
  if (n < 20) return female(pt.units[n] ?? '');
  if (n < 100) {
    const rest = n % 10;
    return rest === 0
      ? (pt.tens[n / 10] ?? '')
      : `${pt.tens[Math.floor(n / 10)] ?? ''} e ${portuguese(rest, feminine)}`;
  }
  if (n < 1000) {
    if (n === 100) return 'cem';
    const rest = n % 100;
    const head = female(pt.hundreds[Math.floor(n / 100)] ?? '');
    return rest === 0 ? head : `${head} e ${portuguese(rest, feminine)}`;
  }
  const thousands = Math.floor(n / 1000);
  const rest = n % 1000;
  const head = thousands === 1 ? 'mil' : `${portuguese(thousands, feminine)} mil`;
  if (rest === 0) return head;
  const joiner = rest < 100 || rest % 100 === 0 ? ' e ' : ' ';
  return `${head}${joiner}${portuguese(rest, feminine)}`;
}

function spanish(n: number): string {
  if (n < 30) return es.units[n] ?? '';
  if (n < 100) {
    const rest = n % 10;
    return rest === 0 ? (es.tens[n / 10] ?? '') : `${es.tens[Math.floor(n / 10)] ?? ''} y ${spanish(rest)}`;
  }
  if (n < 1000) {
    if (n === 100) return 'cien';
    const rest = n % 100;
    const head = es.hundreds[Math.floor(n / 100)] ?? '';
    return rest === 0 ? head : `${head} ${spanish(rest)}`;
  }
  const thousands = Math.floor(n / 1000);
  const rest = n % 1000;
  const head = thousands === 1 ? 'mil' : `${spanish(thousands)} mil`;
  return rest === 0 ? head : `${head} ${spanish(rest)}`;
}

function english(n: number): string {
  if (n < 20) return en.units[n] ?? '';
  if (n < 100) {
    const rest = n % 10;
    return rest === 0 ? (en.tens[n / 10] ?? '') : `${en.tens[Math.floor(n / 10)] ?? ''}-${english(rest)}`;
  }
  if (n < 1000) {
    const rest = n % 100;
    const head = `${english(Math.floor(n / 100))} hundred`;
    return rest === 0 ? head : `${head} and ${english(rest)}`;
  }
  const rest = n % 1000;
  const head = `${english(Math.floor(n / 1000))} thousand`;
  if (rest === 0) return head;
  return rest < 100 ? `${head} and ${english(rest)}` : `${head} ${english(rest)}`;
}

export function quantityInWords(n: number, language: WordsLanguage, feminine = false): string | null {
  if (!Number.isInteger(n) || n < 0 || n > 9999) return null;
  if (language === 'es')
    return feminine
      ? spanish(n)
          .replace(/uno\b/g, 'una')
          .replace(/ientos\b/g, 'ientas')
      : spanish(n);
  if (language === 'en') return english(n);
  return portuguese(n, feminine);
}
