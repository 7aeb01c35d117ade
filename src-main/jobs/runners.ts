import type { Db } from '../core/store/open.js'
import { runImportJob } from './import-job.js'
import { runPilotJob } from './pilot-job.js'
import type { JobKind, ProgressMessage } from './protocol.js'
import { runTrainJob } from './train-job.js'

export interface JobContext {
  db: Db
  dataDir: string
  signal: AbortSignal
  progress: (progress: Omit<ProgressMessage, 'type'>) => void
}

export type JobRunner = (payload: unknown, context: JobContext) => Promise<unknown>

/** One runner per job kind; each validates its own payload, since it crossed a process boundary. */
const runners: Partial<Record<JobKind, JobRunner>> = {
  import: runImportJob,
  train: runTrainJob,
  pilot: runPilotJob,
}

export async function runJob(kind: JobKind, payload: unknown, context: JobContext): Promise<unknown> {
  const runner = runners[kind]
  if (!runner) throw new Error(`No runner for job kind "${kind}".`)
  return runner(payload, context)
}
