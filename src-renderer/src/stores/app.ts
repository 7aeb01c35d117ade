import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { AppInfo, BackendStatus, Language } from '@contract/schemas'
import { api } from '../api/client'
import { i18n, systemLanguage } from '../i18n'

/** App-wide state: who we are, which backend trains, and the remembered language. */
export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null)
  const backend = ref<BackendStatus | null>(null)
  const language = ref<Language>(systemLanguage())

  function applyLanguage(next: Language): void {
    language.value = next
    i18n.global.locale.value = next
    document.documentElement.lang = next
  }

  async function load(): Promise<void> {
    const [appInfo, settings] = await Promise.all([api.appInfo({}), api.getSettings({})])
    info.value = appInfo
    applyLanguage(settings.language ?? systemLanguage())
    backend.value = await api.backendStatus({})
  }

  /** Asks again which engine trains (after the engine setting changed). */
  async function refreshBackend(): Promise<void> {
    backend.value = null
    backend.value = await api.backendStatus({})
  }

  async function setLanguage(next: Language): Promise<void> {
    applyLanguage(next)
    await api.updateSettings({ language: next })
  }

  return { info, backend, language, load, refreshBackend, setLanguage }
})
