import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { DatasetSummary } from '@contract/schemas'
import { api } from '../api/client'
import { errorText } from '../api/job-error'

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
      error.value = errorText(caught)
    } finally {
      loading.value = false
    }
  }

  return { items, loading, error, refresh }
})
