import i18next, { type TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { ptBR } from '../../i18n/locales/pt-BR.ts';
import { es } from '../../i18n/locales/es.ts';
import { en } from '../../i18n/locales/en.ts';
import { auditLineText } from './audit-line.ts';

async function translator(language: 'pt-BR' | 'es' | 'en'): Promise<TFunction> {
  const instance = i18next.createInstance();
  await instance.init({
    resources: { 'pt-BR': { translation: ptBR }, es: { translation: es }, en: { translation: en } },
    lng: language,
    interpolation: { escapeValue: false },
  });
  return instance.t;
}

const database = 'new row for relation "appointments" violates check constraint "appointments_check_1"';
const refused = {
  at: '2026-12-07T15:00:00Z',
  kind: 'rejected' as const,
  message: `appointments x update refused: invalid_data ${database}`,
  details: { mid: 'm', table: 'appointments', rowId: 'x', code: 'invalid_data', serverMessage: database },
};

describe('audit lines a person reads', () => {
  it('say a refusal in the person language, never in the database words', async () => {
    for (const [language, expected] of [
      ['pt-BR', 'o término deve ser depois do início'],
      ['es', 'el fin debe ser posterior al inicio'],
      ['en', 'the end must be after the start'],
    ] as const) {
      const line = auditLineText(await translator(language), refused);
      expect(line).toContain(expected);
      expect(line).not.toMatch(/violates|constraint|invalid_data/);
    }
  });

  it('say what value was replaced and that it is kept', async () => {
    const line = auditLineText(await translator('pt-BR'), {
      at: '2026-12-07T15:00:00Z',
      kind: 'value-superseded',
      message: 'patients x: notes …',
      details: {
        table: 'patients',
        rowId: 'x',
        column: 'notes',
        section: null,
        value: 'Prefere WhatsApp.',
        reason: 'lww',
      },
    });
    expect(line).toBe(
      'Pacientes: Observações “Prefere WhatsApp.” foi substituído por uma edição posterior; guardado no histórico do registro.',
    );
  });
});
