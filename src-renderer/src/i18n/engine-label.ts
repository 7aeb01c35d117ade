import { backendWords, engineLabelWords, GLOSSARY, type GlossaryLanguage } from '@contract/glossary'
import type { BackendStatus } from '@contract/schemas'
import { engineFallbackWords, type EngineFallbackNote } from '@contract/engine-fallback'
import { i18n } from './index'

const language = (): GlossaryLanguage => (i18n.global.locale.value === 'ja' ? 'ja' : 'en')

/** An engine in the page's language, worded from its facts (name, threads, adapter), never the core's English label. */
export function engineLabel(engine: string, label: string): string {
  return engineLabelWords(engine, label, language())
}

/** The engine badge's tooltip: each backend tried and whether it is usable, worded; never a raw error. */
export function backendAttempts(tried: BackendStatus['tried']): string {
  const words = GLOSSARY[language()]
  return tried
    .map((attempt) => `${backendWords(attempt.name, language())}: ${attempt.ok ? words.attempt.ok : words.attempt[attempt.reason ?? 'failed']}`)
    .join('\n')
}

/** The note of a run whose GPU was lost and whose training the CPU finished, in the page's language. */
export function engineFallbackNote(fallback: Pick<EngineFallbackNote, 'reason' | 'replayedSteps'>): string {
  return engineFallbackWords(fallback, language())
}
