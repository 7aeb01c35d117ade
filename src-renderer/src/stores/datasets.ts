import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { DatasetSummary } from '@contract/schemas'
import { api } from '../api/client'

export const useDatasetsStore = defineStore('datasets', () => {
  const items = ref<DatasetSummary[]>([])
  const loading = ref(false)
  const error = ref<string | null>(null)

  async function refresh(): Promise<void> {
    loading.value = true
    error.value = null
    try {
      items.value = await api.listDatasets({})
    } catch (caught) {
      error.value = caught instanceof Error ? caught.message : String(caught)
    } finally {
      loading.value = false
    }
  }

  return { items, loading, error, refresh }
})
