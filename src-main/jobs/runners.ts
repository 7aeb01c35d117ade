import type { Db } from '../core/store/open.js'
import { runExportJob } from './export-job.js'
import { runImportJob } from './import-job.js'
import { runPilotJob } from './pilot-job.js'
import { runPredictJob } from './predict-job.js'
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
const runners: Record<JobKind, JobRunner> = {
  import: runImportJob,
  train: runTrainJob,
  pilot: runPilotJob,
  predict: runPredictJob,
  export: runExportJob,
}

export async function runJob(kind: JobKind, payload: unknown, context: JobContext): Promise<unknown> {
  return runners[kind](payload, context)
}
