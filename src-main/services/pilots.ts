import type { Api } from '../contract/api.js'
import { chooseNnmfEngine } from '../core/models/nnmf/choose-engine.js'
import { EFFORTS, parsePilotConfig } from '../core/pilot/config.js'
import { checkData } from '../core/pilot/data-check.js'
import { createStoredPilot } from '../core/pilot/run-stored.js'
import { estimatePilotSeconds, measureThroughput, type Throughput } from '../core/pilot/estimate.js'
import { getDataset, loadMatrix } from '../core/store/datasets.js'
import type { Db } from '../core/store/open.js'
import { markAbandoned } from '../core/store/owners.js'
import { getPilot, listPilots, pilotVerdict, type PilotRecord } from '../core/store/pilots.js'
import type { JobManager } from '../jobs/job-manager.js'
import { ApiError, noDataset } from './api-error.js'

type PilotApi = Pick<Api, 'checkDataset' | 'estimatePilot' | 'startPilot' | 'getPilot' | 'listPilots'>

/**
 * Pilot requests. The data check and the estimate run in place (one pass over the entries; a short
 * throughput measurement, once per process); pilots themselves run as job processes.
 */
export function pilotServices(deps: { db: Db; jobs: JobManager }): PilotApi {
  const { db } = deps
  /** Which job runs which pilot, for the live view; pilots outlive jobs in the store. */
  const jobOfPilot = new Map<number, string>()
  let throughput: Promise<{ throughput: Throughput; engine: string; engineLabel: string }> | undefined

  function datasetOf(datasetId: number) {
    const summary = getDataset(db, datasetId)
    if (!summary) throw noDataset(datasetId)
    return summary
  }

  function measure() {
    throughput ??= chooseNnmfEngine('auto').then(async (engine) => ({
      throughput: await measureThroughput(engine.factory),
      engine: engine.name,
      engineLabel: engine.label,
    }))
    return throughput
  }

  return {
    checkDataset: async ({ datasetId }) => {
      const summary = datasetOf(datasetId)
      const { matrix, colLabels } = loadMatrix(db, datasetId)
      return checkData(matrix, summary.valueKind, colLabels)
    },
    estimatePilot: async ({ config }) => {
      const summary = datasetOf(config.datasetId)
      const measured = await measure()
      const shape = { nRows: summary.nRows, nCols: summary.nCols, nObserved: summary.nObserved }
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
        ...pilot, progress: livePilotProgress(pilot), verdict: pilotVerdict(db, pilot.id),
      }))
    },
  }
}


/** The stored progress of a running pilot (written by the process running it), else null. */
function livePilotProgress(pilot: Pick<PilotRecord, 'status' | 'progress'>): Record<string, unknown> | null {
  return pilot.status === 'running' && pilot.progress !== null && typeof pilot.progress === 'object' ? (pilot.progress as Record<string, unknown>) : null
}
