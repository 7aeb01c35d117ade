/** Messages between the job manager (main process) and a job process. Structured-clone safe. */
import type { JobKind } from '../contract/jobs.js'

export type { JobKind }

export interface StartMessage {
  type: 'start'
  jobId: string
  kind: JobKind
  dataDir: string
  payload: unknown
}

export interface CancelMessage {
  type: 'cancel'
}

export type ToJob = StartMessage | CancelMessage

export interface ProgressMessage {
  type: 'progress'
  phase: string
  done: number
  total: number
  message?: string
  detail?: Record<string, unknown>
}

export interface DoneMessage {
  type: 'done'
  result: unknown
}

export interface FailedMessage {
  type: 'failed'
  error: string
  /** A failure the user caused or can fix (a file error), as a code with parameters. */
  detail?: { code: string; params: Record<string, string | number> }
  /** True when the job stopped because it was asked to. */
  cancelled: boolean
}

export type FromJob = ProgressMessage | DoneMessage | FailedMessage
