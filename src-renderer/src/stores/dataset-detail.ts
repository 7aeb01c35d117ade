import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ColumnDistributionDto, DatasetDetails } from '@contract/datasets'
import type { Download } from '@contract/schemas'
import { api, transport } from '../api/client'
import { errorText } from '../api/job-error'
import { RequestError } from '../api/transport'

export interface LoadFailure {
  notFound: boolean
  message: string
}

/** The dataset open in the browser: its details, the chosen column's distribution, and the actions on it. */
export const useDatasetDetailStore = defineStore('dataset-detail', () => {
  const details = ref<DatasetDetails | null>(null)
  const loading = ref(false)
  const failure = ref<LoadFailure | null>(null)

  const column = ref<number | null>(null)
  const distribution = ref<ColumnDistributionDto | null>(null)
  const distributionLoading = ref(false)
  const distributionError = ref<string | null>(null)

  // Answers to an older request (the user moved on to another dataset or column) are dropped.
  let loadSeq = 0
  let distributionSeq = 0

  async function load(id: number): Promise<void> {
    const seq = ++loadSeq
    loading.value = true
    failure.value = null
    if (details.value?.summary.id !== id) {
      details.value = null
      distribution.value = null
      column.value = null
    }
    try {
      const result = await api.getDatasetDetails({ id })
      if (seq !== loadSeq) return
      details.value = result
      // Start with the first column that has values; keep the user's choice on a reload.
      const first = result.columns.find((c) => c.count > 0) ?? result.columns[0]
      const keep = column.value !== null && column.value < result.columns.length ? column.value : null
      const start = keep ?? first?.index ?? null
      if (start !== null) void selectColumn(start)
    } catch (error) {
      if (seq !== loadSeq) return
      failure.value = { notFound: error instanceof RequestError && error.code === 'not-found', message: errorText(error) }
    } finally {
      if (seq === loadSeq) loading.value = false
    }
  }

  async function selectColumn(index: number): Promise<void> {
    const id = details.value?.summary.id
    if (id === undefined) return
    const seq = ++distributionSeq
    column.value = index
    distributionLoading.value = true
    distributionError.value = null
    try {
      const result = await api.getColumnDistribution({ id, column: index })
      if (seq === distributionSeq) distribution.value = result
    } catch (error) {
      if (seq === distributionSeq) {
        distribution.value = null
        distributionError.value = errorText(error)
      }
    } finally {
      if (seq === distributionSeq) distributionLoading.value = false
    }
  }

  /** Renames the dataset; throws the server's error for the caller to show. */
  async function rename(name: string): Promise<void> {
    if (!details.value) return
    const summary = await api.renameDataset({ id: details.value.summary.id, name })
    details.value = { ...details.value, summary }
  }

  async function remove(): Promise<void> {
    if (!details.value) return
    await api.deleteDataset({ id: details.value.summary.id })
    details.value = null
    distribution.value = null
    column.value = null
  }

  /** Writes the CSV on the main side, then hands it to the user (a download, or a save dialog in Electron). */
  async function exportCsv(): Promise<(Download & { folder: string | null }) | null> {
    if (!details.value) return null
    const download = await api.exportDatasetCsv({ id: details.value.summary.id })
    // Null when the save dialog was cancelled; the folder is known only where the app saved it (Electron).
    const delivered = await transport.download(download.downloadId, download.fileName)
    return delivered && { ...download, fileName: delivered.fileName, folder: delivered.folder }
  }

  return {
    details,
    loading,
    failure,
    column,
    distribution,
    distributionLoading,
    distributionError,
    load,
    selectColumn,
    rename,
    remove,
    exportCsv,
  }
})
