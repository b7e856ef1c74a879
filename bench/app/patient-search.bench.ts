/**
 * Patient search over 50 000 local patients, per keystroke (target P6: < 50 ms).
 *
 * Measures the app's search (`buildPatientSearchIndex`: keys folded once per list change, then one
 * pass of substring tests per keystroke) against a baseline measured in the same run: the obvious
 * filter that folds every name on every keystroke. Queries are typed one character at a time, as
 * staff type them: a name with accents left out, a CPF and a phone. V8 in Node; the browser runs the
 * same code on the same engine (React rendering of the virtualised list is not included).
 */
import { buildPatientSearchIndex, foldForSearch } from '../../src/app/features/patients/patient-search.ts';

const count = 50_000;
const first = [
  'Maria',
  'José',
  'Ana',
  'João',
  'Antônio',
  'Francisca',
  'Carlos',
  'Paulo',
  'Lúcia',
  'Márcia',
  'Luís',
  'Gabriela',
  'Rafael',
  'Beatriz',
  'Sebastião',
  'Conceição',
  'Otávio',
  'Íris',
];
const middle = [
  'Aparecida',
  'de Souza',
  'da Silva',
  'dos Santos',
  'Pereira',
  'Conceição',
  'Araújo',
  'Mejía',
  'López',
  'Gonçalves',
];
const last = [
  'Silva',
  'Santos',
  'Oliveira',
  'Souza',
  'Lima',
  'Pereira',
  'Ferreira',
  'Costa',
  'Rodrigues',
  'Almeida',
  'Nascimento',
  'Hernández',
  'Martínez',
];

let seed = 42;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');

const patients = Array.from({ length: count }, (_, i) => ({
  id: String(i),
  full_name: `${pick(first)} ${pick(middle)} ${pick(last)}`,
  document_id: `${digits(3)}.${digits(3)}.${digits(3)}-${digits(2)}`,
  phone: `+5511${9}${digits(8)}`,
}));
patients[31_337] = {
  id: 'target',
  full_name: 'Maria Aparecida Conceição Silva',
  document_id: '529.982.247-25',
  phone: '+5511912345678',
};

const typed = (text: string) => Array.from({ length: text.length }, (_, i) => text.slice(0, i + 1));
const keystrokes = [
  ...typed('maria aparecida conceicao'),
  ...typed('529.982.247-25'),
  ...typed('91234-5678'),
];

function naiveSearch(query: string) {
  const words = foldForSearch(query).split(' ').filter(Boolean);
  return patients.filter((p) => {
    const name = ` ${foldForSearch(p.full_name)}`;
    const numbers = `${p.document_id.replace(/\D/g, '')} ${p.phone.replace(/\D/g, '')}`;
    return words.every((word) => {
      const d = word.replace(/\D/g, '');
      return /\p{L}/u.test(word) ? name.includes(` ${word}`) : d.length < 3 || numbers.includes(d);
    });
  });
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

function timeKeystrokes(search: (query: string) => unknown[]): {
  p50: number;
  p95: number;
  max: number;
  found: number;
} {
  const times: number[] = [];
  let found = 0;
  for (let round = 0; round < 3; round++) {
    for (const query of keystrokes) {
      const start = performance.now();
      found = search(query).length;
      times.push(performance.now() - start);
    }
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1] ?? 0, found };
}

const buildStart = performance.now();
const index = buildPatientSearchIndex(patients);
const buildMs = performance.now() - buildStart;
// Warm both paths once so the JIT has seen them.
index.search('maria');
naiveSearch('maria');

const app = timeKeystrokes((q) => index.search(q));
const baseline = timeKeystrokes(naiveSearch);
const fmt = (n: number) => n.toFixed(2).padStart(8);
console.log(`patients: ${count}, keystrokes per round: ${keystrokes.length}, rounds: 3`);
console.log(`index build (once per list change): ${buildMs.toFixed(1)} ms`);
console.log(`                         p50 ms   p95 ms   max ms`);
console.log(`app search (index)     ${fmt(app.p50)} ${fmt(app.p95)} ${fmt(app.max)}`);
console.log(`baseline (fold always) ${fmt(baseline.p50)} ${fmt(baseline.p95)} ${fmt(baseline.max)}`);
console.log(
  `speed-up at p95: ${(baseline.p95 / app.p95).toFixed(1)}×; target p95 < 50 ms: ${app.p95 < 50 ? 'met' : 'NOT met'}`,
);
if (app.found < 1) throw new Error('the target patient was not found');
