import type { Api } from '../contract/api.js'
import { dataDirOf } from '../core/store/data-dir.js'
import { EFFORTS, parsePilotConfig, type PilotConfig } from '../core/pilot/config.js'
import { checkData } from '../core/pilot/data-check.js'
import { createStoredPilot } from '../core/runs/pilot-run.js'
import { engineThroughput, type EngineThroughput } from '../core/pilot/engine-throughput.js'
import { estimatePilotSeconds, measureThroughput, type DatasetShape, type Throughput } from '../core/pilot/estimate.js'
import { effectiveEnginePreference } from '../core/settings/engine-preference.js'
import { getDataset, loadMatrix } from '../core/store/datasets.js'
import type { Db } from '../core/store/open.js'
import { markAbandoned } from '../core/store/owners.js'
import { getPilot, listPilots, pilotVerdict, type PilotRecord } from '../core/store/pilots.js'
import type { JobManager } from '../jobs/job-manager.js'
import { ApiError, noDataset } from './api-error.js'

type PilotApi = Pick<Api, 'checkDataset' | 'estimatePilot' | 'startPilot' | 'getPilot' | 'listPilots'>

/**
 * Pilot requests. The data check and the estimate run in place (one pass over the entries; a short
 * throughput measurement of the engine that will run, once per process and engine); pilots themselves run as job processes.
 */
export function pilotServices(deps: { db: Db; jobs: JobManager }): PilotApi {
  const { db } = deps
  /** Which job runs which pilot, for the live view; pilots outlive jobs in the store. */
  const jobOfPilot = new Map<number, string>()
  /** The micro-run of each engine, once per process (a second or a few). */
  const microRuns = new Map<string, Promise<Throughput>>()

  function datasetOf(datasetId: number) {
    const summary = getDataset(db, datasetId)
    if (!summary) throw noDataset(datasetId)
    return summary
  }

  /** The throughput of the engine this pilot will run on (the app's engine setting, 'auto''s probe). */
  function measure(config: PilotConfig, shape: DatasetShape): Promise<EngineThroughput> {
    return engineThroughput({
      dataDir: dataDirOf(db),
      preference: effectiveEnginePreference(db, parsePilotConfig(config).engine),
      shape,
      microRun: (engine) => {
        let run = microRuns.get(engine.name)
        if (!run) {
          run = measureThroughput(engine.factory)
          microRuns.set(engine.name, run)
          run.catch(() => microRuns.delete(engine.name))
        }
        return run
      },
    })
  }

  return {
    checkDataset: async ({ datasetId }) => {
      const summary = datasetOf(datasetId)
      const { matrix, colLabels } = loadMatrix(db, datasetId)
      return checkData(matrix, summary.valueKind, colLabels)
    },
    estimatePilot: async ({ config }) => {
      const summary = datasetOf(config.datasetId)
      const shape = { nRows: summary.nRows, nCols: summary.nCols, nObserved: summary.nObserved }
      const measured = await measure(config, shape)
      const seconds = Object.fromEntries(
        EFFORTS.map((effort) => [effort, estimatePilotSeconds(shape, { ...config, effort }, measured.throughput).totalSeconds]),
      ) as Record<(typeof EFFORTS)[number], number>
      return { seconds, engine: measured.engine, engineLabel: measured.engineLabel }
    },
    startPilot: async ({ config }) => {
      const resolved = parsePilotConfig(config)
      datasetOf(resolved.datasetId) // an unknown dataset is the UI's not-found
      const pilotId = createStoredPilot(db, resolved)
      const job = deps.jobs.start('pilot', { pilotId })
      jobOfPilot.set(pilotId, job.jobId)
      return { pilotId, jobId: job.jobId }
    },
    getPilot: async ({ id }) => {
      // A pilot whose process died since the store was opened (a killed CLI pilot) shows as interrupted.
      markAbandoned(db)
      const found = getPilot(db, id)
      if (!found) throw new ApiError('not-found', `There is no pilot with id ${id}.`)
      const jobId = jobOfPilot.get(id)
      const { ownerId: _owner, ...pilot } = found
      return { ...pilot, progress: livePilotProgress(found), jobId: jobId && deps.jobs.get(jobId)?.state === 'running' ? jobId : null }
    },
    listPilots: async ({ datasetId }) => {
      markAbandoned(db)
      return listPilots(db, datasetId === undefined ? {} : { datasetId }).map(({ ownerId: _owner, ...pilot }) => ({
        ...pilot,
        progress: livePilotProgress(pilot),
        verdict: pilotVerdict(db, pilot.id),
      }))
    },
  }
}

/** The stored progress of a running pilot (written by the process running it), else null. */
function livePilotProgress(pilot: Pick<PilotRecord, 'status' | 'progress'>): Record<string, unknown> | null {
  return pilot.status === 'running' && pilot.progress !== null && typeof pilot.progress === 'object' ? (pilot.progress as Record<string, unknown>) : null
}
