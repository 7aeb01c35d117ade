import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import type { PilotProgress } from '@contract/pilots'
import type { z } from 'zod'
import type { pilotDetailSchema } from '@contract/pilots'
import { api } from '../api/client'
import { useJobsStore } from './jobs'
import { addProgressPoint, type LiveCurves } from './live-curves'
import { errorText } from '../api/job-error'

export type PilotDetail = z.infer<typeof pilotDetailSchema>

/** One pilot on screen: its stored record, and while it runs, the live progress and learning curves. */
export const usePilotStore = defineStore('pilot', () => {
  const detail = ref<PilotDetail | null>(null)
  const progress = ref<PilotProgress | null>(null)
  const curves = ref<LiveCurves>({})
  const error = ref<string | null>(null)
  const cancelling = ref(false)
  const jobs = useJobsStore()
  let stopWatching: (() => void) | null = null

  async function load(id: number): Promise<void> {
    stopWatching?.()
    stopWatching = null
    error.value = null
    progress.value = null
    curves.value = {}
    cancelling.value = false
    try {
      detail.value = await api.getPilot({ id })
    } catch (caught) {
      detail.value = null
      error.value = errorText(caught)
      return
    }
    const jobId = detail.value.jobId
    if (detail.value.status === 'running' && jobId) follow(id, jobId)
    else if (detail.value.status === 'running') followStored(id)
  }

  /**
   * A pilot another process runs (a scheduled command-line pilot): its progress is what that
   * process writes to the store every few seconds, so read the pilot again until it ends.
   */
  function followStored(id: number): void {
    const take = (stored: unknown): void => {
      const next = stored as PilotProgress | null | undefined
      if (next && typeof next.fraction === 'number') progress.value = next
    }
    take(detail.value?.progress)
    const timer = setInterval(async () => {
      try {
        const fresh = await api.getPilot({ id })
        if (detail.value?.id !== id) return
        if (fresh.status !== 'running') {
          clearInterval(timer)
          detail.value = fresh
          progress.value = null
          return
        }
        take(fresh.progress)
      } catch {
        // Transient (the app's server restarting): the next tick tries again.
      }
    }, 2000)
    stopWatching = () => clearInterval(timer)
  }

  function follow(id: number, jobId: string): void {
    const job = jobs.track(jobId)
    stopWatching = watch(
      () => job.progress,
      (event) => {
        const next = event?.detail as PilotProgress | undefined
        if (!next || typeof next.fraction !== 'number') return
        progress.value = next
        curves.value = addProgressPoint(curves.value, next)
      },
    )
    void jobs.finished(jobId).then(() => {
      if (detail.value?.id === id) void load(id)
    })
  }

  async function cancel(): Promise<void> {
    const jobId = detail.value?.jobId
    if (!jobId) return
    cancelling.value = true
    await api.cancelJob({ jobId })
  }

  return { detail, progress, curves, error, cancelling, load, cancel }
})
