import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ImportOptions, ImportOutcome, ImportPreviewDto } from '@contract/imports'
import { resultOf, type UploadedFile } from '@contract/schemas'
import { useBusy } from './busy'
import { api, transport } from '../api/client'
import { useJobsStore } from './jobs'
import { jobErrorText } from '../api/job-error'

/**
 * In the wide layout only the row key column can hold times: a time column left over from the long
 * layout or from another key column is dropped, as the mapping shows it ("None").
 */
export function sentOptions(options: ImportOptions): ImportOptions {
  if (options.layout !== 'wide' || options.timeColumn === undefined || options.timeColumn === (options.keyColumn ?? 0)) return options
  const { timeColumn: _dropped, ...rest } = options
  return rest
}

export type ImportStep = 'choose' | 'map' | 'running' | 'report' | 'done' | 'failed' | 'cancelled'

/** The import wizard's state: one file, its preview, the chosen options, the running job, the outcome. */
export const useImportStore = defineStore('import', () => {
  const step = ref<ImportStep>('choose')
  const upload = ref<UploadedFile | null>(null)
  const preview = ref<ImportPreviewDto | null>(null)
  const options = ref<ImportOptions>({})
  const jobId = ref<string | null>(null)
  const outcome = ref<ImportOutcome | null>(null)
  const { busy, error, guard } = useBusy()

  function reset(): void {
    step.value = 'choose'
    upload.value = preview.value = outcome.value = null
    options.value = {}
    jobId.value = error.value = null
  }

  async function chooseFile(file: File): Promise<void> {
    reset()
    await guard(async () => {
      upload.value = await transport.upload(file)
      options.value = { name: file.name.replace(/\.[^.]+$/, '') }
      await refreshPreview()
    })
  }

  /** Re-reads the first rows after a change of encoding, delimiter or sheet; adopts the suggested mapping. */
  async function refreshPreview(): Promise<void> {
    if (!upload.value) return
    const { encoding, delimiter, sheet, format } = options.value
    const next = await api.previewImport({ uploadId: upload.value.uploadId, options: { encoding, delimiter, sheet, format } })
    preview.value = next
    const s = next.suggested
    options.value = {
      ...options.value,
      layout: s.layout,
      keyColumn: s.keyColumn,
      // A wide file's time column is its key column when every label previewed is a date.
      timeColumn: s.timeColumn,
      ...(s.layout === 'long' ? { columnColumn: s.columnColumn, valueColumn: s.valueColumn } : {}),
    }
    step.value = 'map'
  }

  async function changeSource(change: Partial<ImportOptions>): Promise<void> {
    options.value = { ...options.value, ...change }
    await guard(refreshPreview)
  }

  async function run(badCellPolicy: 'abort' | 'missing'): Promise<void> {
    if (!upload.value) return
    const jobs = useJobsStore()
    await guard(async () => {
      const job = await api.startImport({ uploadId: upload.value!.uploadId, options: { ...sentOptions(options.value), badCellPolicy } })
      jobId.value = job.jobId
      step.value = 'running'
      const end = await jobs.finished(job.jobId)
      const result = resultOf(end.event, 'import')
      if (end.state === 'succeeded' && result) {
        outcome.value = result
        step.value = result.ok ? 'done' : 'report'
      } else if (end.state === 'cancelled') {
        step.value = 'cancelled'
      } else {
        error.value = jobErrorText(end, 'The import failed.')
        step.value = 'failed'
      }
    })
  }

  async function cancel(): Promise<void> {
    if (jobId.value) await api.cancelJob({ jobId: jobId.value })
  }

  return { step, upload, preview, options, jobId, outcome, error, busy, reset, chooseFile, changeSource, run, cancel }
})
