import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { ptBR } from './locales/pt-BR.ts';
import { es } from './locales/es.ts';
import { en } from './locales/en.ts';
import { withPluralForms } from './plural-forms.ts';

export const supportedLanguages = ['pt-BR', 'es', 'en'] as const;
export type Language = (typeof supportedLanguages)[number];

const languageKey = 'clinica.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (supportedLanguages as readonly string[]).includes(value);
}

/** The saved choice, else the browser's first supported language, else Portuguese. */
export function initialLanguage(saved: string | null, browserLanguages: readonly string[]): Language {
  if (isLanguage(saved)) return saved;
  for (const tag of browserLanguages) {
    if (isLanguage(tag)) return tag;
    const base = tag.split('-')[0];
    if (base === 'pt') return 'pt-BR';
    if (isLanguage(base)) return base;
  }
  return 'pt-BR';
}

/** The catalogues as i18next reads them, plural forms completed (plural-forms.ts). */
const resources = {
  'pt-BR': { translation: withPluralForms(ptBR) },
  es: { translation: withPluralForms(es) },
  en: { translation: withPluralForms(en) },
};

/** An instance in `language` with the app's catalogues and options, without the DOM (tests use it). */
export async function createTranslator(language: Language): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'pt-BR',
    supportedLngs: [...supportedLanguages],
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  return instance;
}

/** One i18next instance for the app; resources are bundled so language switches work offline. */
export async function createI18n(): Promise<i18n> {
  const language = initialLanguage(localStorage.getItem(languageKey), navigator.languages);
  const instance = await createTranslator(language);
  document.documentElement.lang = language;
  instance.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
    localStorage.setItem(languageKey, lng);
  });
  return instance;
}
