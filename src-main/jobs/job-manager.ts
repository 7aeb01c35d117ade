import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { JobKind, JobPayload } from '../contract/jobs.js'
import { jobSnapshotSchema, jobStateEventSchema, type JobErrorDetail, type JobSnapshot, type JobState } from '../contract/schemas.js'
import type { EventBus } from '../platform/event-bus.js'
import type { JobLauncher, JobProcess } from './launcher.js'
import type { FromJob } from './protocol.js'

/** A job that ignores cancel this long is killed; the store stays consistent because jobs write in transactions. */
const CANCEL_GRACE_MS = 2000

export type { JobSnapshot }

interface RunningJob {
  snapshot: JobSnapshot
  process: JobProcess
  cancelRequested: boolean
  payload: unknown
  settle: (snapshot: JobSnapshot) => void
  finished: Promise<JobSnapshot>
}

/**
 * Runs long work (imports, training, pilots) in separate processes so neither the renderer nor
 * the main process's event loop ever waits on it. Streams progress and state as contract events.
 */
export class JobManager {
  private readonly jobs = new Map<string, RunningJob>()

  constructor(
    private readonly launch: JobLauncher,
    private readonly dataDir: string,
    private readonly events: EventBus,
    /**
     * A job process ended without reporting (crash, or killed after ignoring a cancel), with its
     * payload and its process id: its runs are left 'training' / 'running' under an owner that is gone.
     */
    private readonly onProcessLost: (job: JobSnapshot, payload: unknown, pid: number | undefined) => void = () => {},
  ) {}

  /** Starts a job of `kind` with its payload as the job table (contract/jobs.ts) types it. */
  start<K extends JobKind>(kind: K, payload: JobPayload<K>): JobSnapshot {
    const jobId = randomUUID()
    const process = this.launch()
    let settle!: (snapshot: JobSnapshot) => void
    const finished = new Promise<JobSnapshot>((resolve) => (settle = resolve))
    const job: RunningJob = {
      snapshot: { jobId, kind, state: 'running', startedAt: new Date().toISOString() },
      process,
      cancelRequested: false,
      payload,
      settle,
      finished,
    }
    this.jobs.set(jobId, job)
    process.onMessage((message) => this.onMessage(job, message))
    process.onExit((code) => {
      if (job.snapshot.state === 'running') {
        this.finish(job, job.cancelRequested ? 'cancelled' : 'failed', {
          error: job.cancelRequested ? 'Cancelled.' : `The job process stopped unexpectedly (exit code ${code}).`,
          ...(job.cancelRequested ? {} : { errorDetail: { code: 'job-crashed', params: { exitCode: code ?? 'none' } } }),
        })
        this.onProcessLost({ ...job.snapshot }, job.payload, process.pid)
      }
    })
    process.send({ type: 'start', jobId, kind, dataDir: this.dataDir, payload })
    this.events.emit({ type: 'jobState', payload: { jobId, kind, state: 'running' } })
    return { ...job.snapshot }
  }

  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId)
    if (!job || job.snapshot.state !== 'running') return false
    job.cancelRequested = true
    job.process.send({ type: 'cancel' })
    setTimeout(() => {
      if (job.snapshot.state === 'running') job.process.kill()
    }, CANCEL_GRACE_MS).unref()
    return true
  }

  get(jobId: string): JobSnapshot | undefined {
    const job = this.jobs.get(jobId)
    return job && { ...job.snapshot }
  }

  list(): JobSnapshot[] {
    return [...this.jobs.values()].map((job) => ({ ...job.snapshot }))
  }

  /** Resolves when the job has ended, whatever the outcome. */
  wait(jobId: string): Promise<JobSnapshot> {
    const job = this.jobs.get(jobId)
    if (!job) return Promise.reject(new Error(`No job ${jobId}`))
    return job.finished
  }

  /** The operating-system process id of a running job (diagnostics and crash tests). */
  processId(jobId: string): number | undefined {
    return this.jobs.get(jobId)?.process.pid
  }

  /** True while any job of these kinds is still running. */
  isRunning(kinds: readonly JobKind[]): boolean {
    return [...this.jobs.values()].some((job) => job.snapshot.state === 'running' && kinds.includes(job.snapshot.kind))
  }

  /** Stops every running job (app shutdown). */
  stopAll(): void {
    for (const job of this.jobs.values()) if (job.snapshot.state === 'running') job.process.kill()
  }

  private onMessage(job: RunningJob, message: FromJob): void {
    const { jobId, kind } = job.snapshot
    if (message.type === 'progress') {
      const { phase, done, total } = message
      job.snapshot.lastProgress = { phase, done, total, ...(message.message ? { message: message.message } : {}) }
      this.events.emit({
        type: 'jobProgress',
        payload: {
          jobId,
          kind,
          phase,
          done,
          total,
          ...(message.message ? { message: message.message } : {}),
          ...(message.detail ? { detail: message.detail } : {}),
        },
      })
    } else if (message.type === 'done') {
      this.finish(job, 'succeeded', { result: message.result })
    } else {
      this.finish(job, message.cancelled || job.cancelRequested ? 'cancelled' : 'failed', {
        error: message.error,
        ...(message.detail ? { errorDetail: message.detail } : {}),
      })
    }
  }

  /**
   * The checkpoint for what a job process hands back: the ended snapshot, its result included, is
   * parsed with the job table's schema for its kind, and is typed from here on (snapshots, events,
   * the renderer). A result off its schema is a bug in the job: the job fails, saying so.
   */
  private finish(job: RunningJob, state: JobState, outcome: { error?: string; errorDetail?: JobErrorDetail; result?: unknown }): void {
    if (job.snapshot.state !== 'running') return
    const checked = jobSnapshotSchema.safeParse({ ...job.snapshot, state, ...outcome })
    job.snapshot = checked.success
      ? checked.data
      : jobSnapshotSchema.parse({
          ...job.snapshot,
          state: 'failed',
          error: `The ${job.snapshot.kind} job's result does not match the job table: ${z.prettifyError(checked.error)}`,
        })
    // The event is the snapshot without its start time and last progress (the event schema drops them).
    this.events.emit({ type: 'jobState', payload: jobStateEventSchema.parse(job.snapshot) })
    job.settle({ ...job.snapshot })
    // The process exits by itself after reporting; make sure a stuck one does not linger.
    setTimeout(() => job.process.kill(), CANCEL_GRACE_MS).unref()
  }
}
