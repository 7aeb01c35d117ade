import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import type { Download } from '@contract/schemas'
import { transport } from '../api/client'
import type { Delivered } from '../api/transport'
import { useJobsStore } from './jobs'
import { jobErrorText } from '../api/job-error'

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

  async function run(start: () => Promise<{ jobId: string }>, pick: (result: unknown) => Download | null = (r) => r as Download): Promise<unknown> {
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
      const refused = (end.result as { refused?: { code: string; params: Record<string, string> } } | undefined)?.refused
      if (refused) {
        error.value = t(`jobs.refused.${refused.code}`, refused.params)
        return null
      }
      const download = pick(end.result)
      if (download) delivered.value = await transport.download(download.downloadId, download.fileName)
      return end.result
    } catch (caught) {
      error.value = caught instanceof Error ? caught.message : String(caught)
      return null
    } finally {
      busy.value = false
      jobId.value = null
    }
  }

  return { busy, error, jobId, delivered, run }
}
