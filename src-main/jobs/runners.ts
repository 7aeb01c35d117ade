import { JOBS, type JobKind, type JobResult, type ParsedJobPayload } from '../contract/jobs.js'
import type { Db } from '../core/store/open.js'
import { runExportJob } from './export-job.js'
import { runImportJob } from './import-job.js'
import { runPilotJob } from './pilot-job.js'
import { runPredictJob } from './predict-job.js'
import type { ProgressMessage } from './protocol.js'
import { runResumeJob, runTrainJob } from './train-job.js'

export interface JobContext {
  db: Db
  dataDir: string
  signal: AbortSignal
  progress: (progress: Omit<ProgressMessage, 'type'>) => void
}

/** A job kind's work in the job process: its payload already parsed, its result as the job table types it. */
export type JobRunner<K extends JobKind> = (payload: ParsedJobPayload<K>, context: JobContext) => Promise<JobResult<K>>

const runners: { [K in JobKind]: JobRunner<K> } = {
  import: runImportJob,
  train: runTrainJob,
  resume: runResumeJob,
  pilot: runPilotJob,
  predict: runPredictJob,
  export: runExportJob,
}

/** The job process's checkpoint: the payload crossed a process boundary, so it is parsed here, once. */
export async function runJob<K extends JobKind>(kind: K, payload: unknown, context: JobContext): Promise<JobResult<K>> {
  const parsed = JOBS[kind].payload.parse(payload) as ParsedJobPayload<K>
  const runner: JobRunner<K> = runners[kind]
  return runner(parsed, context)
}
