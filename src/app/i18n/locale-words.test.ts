import { describe, expect, it } from 'vitest';
import { filesText } from '../features/files/files-text.ts';
import { formatAge, formatDocument } from '../features/clinical/patient-facts.ts';
import { formatBytes, formatNumber, formatPhone, formatPhoneIn } from './format.ts';
import { createTranslator } from './i18n.ts';
import { withPluralForms } from './plural-forms.ts';

// The app's own catalogues and options, through i18next's plural rules and Intl, in pt-BR first.
describe('words and numbers in pt-BR', async () => {
  const i18n = await createTranslator('pt-BR');
  i18n.addResourceBundle('pt-BR', 'files', withPluralForms(filesText['pt-BR']));
  const t = i18n.t.bind(i18n);

  it('counts with the plural for 0 and for many, the singular for 1 only', () => {
    expect(t('patients.count', { count: 0 })).toBe('0 pacientes');
    expect(t('patients.count', { count: 1 })).toBe('1 paciente');
    expect(t('patients.count', { count: 2 })).toBe('2 pacientes');
    expect(t('patients.count', { count: 1_250 })).toBe('1.250 pacientes');
    expect(t('patients.count', { count: 1_000_000 })).toBe('1.000.000 pacientes');
    expect(t('common.fixErrors', { count: 0 })).toBe('Corrija 0 campos antes de salvar.');
    const usage = (count: number) =>
      t('cacheUsage', { ns: 'files', used: '1 MB', quota: '2 MB', pinned: '0 B', count });
    expect(usage(1)).toContain('(1 arquivo;');
    expect(usage(0)).toContain('(0 arquivos;');
    expect(usage(3)).toContain('(3 arquivos;');
  });

  it('says an age in years, and a baby’s in months', () => {
    const today = new Date(2026, 11, 7);
    expect(formatAge(t, '1980-12-08', today)).toBe('45 anos');
    expect(formatAge(t, '2025-12-07', today)).toBe('1 ano');
    expect(formatAge(t, '2026-04-01', today)).toBe('8 meses');
    expect(formatAge(t, '2026-12-01', today)).toBe('0 meses');
    expect(formatAge(t, null, today)).toBe('');
  });

  it('writes sizes and numbers with the locale’s separators', () => {
    expect(formatBytes(100.5 * 1024, 'pt-BR')).toBe('100,5 kB');
    expect(formatBytes(980, 'pt-BR')).toBe('980 B');
    expect(formatBytes(3.25 * 1024 * 1024, 'pt-BR')).toBe('3,3 MB');
    expect(formatBytes(100.5 * 1024, 'en')).toBe('100.5 kB');
    expect(formatNumber(1234.5, 'pt-BR')).toBe('1.234,5');
  });

  it('formats a CPF and phones as people write them', () => {
    expect(formatDocument('CPF', '52998224725')).toBe('529.982.247-25');
    expect(formatPhoneIn('+5511987654321', 'BR')).toBe('(11) 98765-4321');
    expect(formatPhoneIn('+50498765432', 'BR')).toBe('+504 9876 5432');
    expect(formatPhoneIn('+50498765432', 'HN')).toBe('9876-5432');
    expect(formatPhone('+5511987654321')).toBe('+55 11 98765 4321');
  });
});

describe('counts in Spanish and English', () => {
  it('use each language’s separators and plurals', async () => {
    const es = await createTranslator('es');
    const en = await createTranslator('en');
    expect(es.t('patients.count', { count: 0 })).toBe('0 pacientes');
    expect(es.t('patients.count', { count: 1_250 })).toBe('1250 pacientes');
    expect(en.t('patients.count', { count: 1 })).toBe('1 patient');
    expect(en.t('patients.count', { count: 1_250 })).toBe('1,250 patients');
  });
});
