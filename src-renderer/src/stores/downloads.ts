import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { resultOf, type Download } from '@contract/schemas'
import type { JobResult } from '@contract/jobs'
import { transport } from '../api/client'
import type { Delivered } from '../api/transport'
import { useJobsStore } from './jobs'
import { jobErrorText } from '../api/job-error'
import { errorText } from '../api/job-error'

/**
 * Runs a job that ends in a file (an export, a report, predictions) and hands the file to the
 * user: a download in web mode, a save dialog in the app. One per button.
 */
export function useJobDownload() {
  const jobs = useJobsStore()
  const { t } = useI18n()
  const busy = ref(false)
  const error = ref<string | null>(null)
  const jobId = ref<string | null>(null)
  /** The name of the file last handed over, so the page can say what to look for. */
  const delivered = ref<Delivered | null>(null)

  /** Runs a job of `kind`, reads its result through the job table (typed), and hands over the file `pick` names. */
  async function runJob<K extends 'export' | 'predict'>(
    kind: K,
    start: () => Promise<{ jobId: string }>,
    pick: (result: JobResult<K>) => Download | null,
  ): Promise<JobResult<K> | null> {
    busy.value = true
    error.value = null
    delivered.value = null
    try {
      const job = await start()
      jobId.value = job.jobId
      const end = await jobs.finished(job.jobId)
      if (end.state !== 'succeeded') {
        if (end.state === 'failed') error.value = jobErrorText(end, 'Failed.')
        return null
      }
      const result = resultOf(end.event, kind)
      if (!result) return null
      const download = pick(result)
      if (download) delivered.value = await transport.download(download.downloadId, download.fileName)
      return result
    } catch (caught) {
      error.value = errorText(caught)
      return null
    } finally {
      busy.value = false
      jobId.value = null
    }
  }

  /** An export: its file, or its refusal worded in the page's language. */
  const run = (start: () => Promise<{ jobId: string }>) =>
    runJob('export', start, (result) => {
      if ('refused' in result) {
        error.value = t(`jobs.refused.${result.refused.code}`, result.refused.params)
        return null
      }
      return result
    })

  /** Predictions for a file of new rows: the CSV when the file was read, else the reasons (the caller shows them). */
  const predict = (start: () => Promise<{ jobId: string }>) => runJob('predict', start, (result) => (result.ok ? result.download : null))

  return { busy, error, jobId, delivered, run, predict }
}
