import { computed, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import type { VerdictLanguage } from '@contract/verdict'

/** The UI language as the core's verdict words take it (the app has exactly their two languages). */
export function useVerdictLanguage(): ComputedRef<VerdictLanguage> {
  const { locale } = useI18n()
  return computed(() => (locale.value === 'ja' ? 'ja' : 'en'))
}
