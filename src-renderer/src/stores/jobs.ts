import { defineStore } from 'pinia'
import { reactive } from 'vue'
import type { JobProgressEvent, JobStateEvent } from '@contract/schemas'
import { api, transport } from '../api/client'

export interface TrackedJob {
  jobId: string
  state: JobStateEvent['state']
  progress: JobProgressEvent | null
  error?: string
  /** The failure as a code with parameters, worded by api/job-error.ts. */
  errorDetail?: JobStateEvent['errorDetail']
  /** The last state event: its kind types its result (read with resultOf). */
  event?: JobStateEvent
}

/** Every job this window started or heard of, kept current from the contract's events. */
export const useJobsStore = defineStore('jobs', () => {
  const jobs = reactive(new Map<string, TrackedJob>())
  const waiters = new Map<string, Array<(job: TrackedJob) => void>>()

  function entry(jobId: string): TrackedJob {
    let job = jobs.get(jobId)
    if (!job) {
      jobs.set(jobId, { jobId, state: 'running', progress: null })
      job = jobs.get(jobId)!
    }
    return job
  }

  transport.onEvent((event) => {
    if (event.type === 'jobProgress') entry(event.payload.jobId).progress = event.payload
    else {
      const job = entry(event.payload.jobId)
      job.state = event.payload.state
      job.error = event.payload.error
      job.errorDetail = event.payload.errorDetail
      job.event = event.payload
      if (job.state !== 'running' && job.state !== 'queued') {
        for (const resolve of waiters.get(job.jobId) ?? []) resolve(job)
        waiters.delete(job.jobId)
      }
    }
  })

  function track(jobId: string): TrackedJob {
    return entry(jobId)
  }

  /** Resolves when the job ends (succeeded, failed or cancelled). */
  function finished(jobId: string): Promise<TrackedJob> {
    const job = entry(jobId)
    if (job.state !== 'running' && job.state !== 'queued') return Promise.resolve(job)
    return new Promise((resolve) => waiters.set(jobId, [...(waiters.get(jobId) ?? []), resolve]))
  }

  async function cancel(jobId: string): Promise<void> {
    await api.cancelJob({ jobId })
  }

  return { jobs, track, finished, cancel }
})
