import { createI18n } from 'vue-i18n'
import type { Language } from '@contract/schemas'
import { en } from './en'
import { ja } from './ja'

export const LANGUAGES: readonly Language[] = ['ja', 'en']

/** Before the store answers, follow the system: Japanese PCs start in Japanese. */
export function systemLanguage(): Language {
  return navigator.language.toLowerCase().startsWith('ja') ? 'ja' : 'en'
}

export const i18n = createI18n({
  legacy: false,
  locale: systemLanguage(),
  fallbackLocale: 'en',
  messages: { en, ja },
  datetimeFormats: {
    en: { short: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' } },
    ja: { short: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' } },
  },
})
