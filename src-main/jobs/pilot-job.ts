import { chooseNnmfEngine } from '../core/models/nnmf/choose-engine.js'
import { specOf } from '../core/models/specs.js'
import { pilotEngineOf, type PilotEngine } from '../core/pilot/runner.js'
import { runStoredPilot } from '../core/runs/pilot-run.js'
import { modelProbeShape } from '../core/models/nnmf/webgpu/probe-shape.js'
import { dataDirOf } from '../core/store/data-dir.js'
import { effectiveEnginePreference } from '../core/settings/engine-preference.js'
import { getDataset } from '../core/store/datasets.js'
import { getPilot } from '../core/store/pilots.js'
import type { Db } from '../core/store/open.js'
import type { JobRunner } from './runners.js'

/** Progress is reported in thousandths, with the runner's whole progress record as detail. */
const PROGRESS_STEPS = 1000

/**
 * Runs a stored pilot (created 'running' by the service) in the job process; runStoredPilot stores
 * its end (the result, a cancellation or the error), as for the CLI's `pilot`. A kill leaves it
 * 'running' until the next start or the job manager marks it 'interrupted'.
 */
export const runPilotJob: JobRunner<'pilot'> = async ({ pilotId }, context) => {
  const engine = await pilotEngine(context.db, pilotId)
  const result = await runStoredPilot(context.db, pilotId, {
    ...(engine ? { engine } : {}),
    signal: context.signal,
    onProgress: (progress) =>
      context.progress({
        phase: progress.phase,
        done: Math.round(progress.fraction * PROGRESS_STEPS),
        total: PROGRESS_STEPS,
        detail: { ...progress, pilotId },
      }),
  })
  return { pilotId, verdict: result.comparison?.verdict ?? null }
}

/**
 * A pilot left at 'auto' runs on the engine the app's setting forces, if any; still 'auto', it may
 * take a hardware GPU when the probe shows it faster on this table. The runner records which.
 */
async function pilotEngine(db: Db, pilotId: number): Promise<PilotEngine | undefined> {
  const pilot = getPilot(db, pilotId)
  if (!pilot || pilot.datasetId === null || !pilot.config.models.some((m) => specOf(m).usesEngine)) return undefined
  const preference = effectiveEnginePreference(db, pilot.config.engine)
  const table = preference === 'auto' ? getDataset(db, pilot.datasetId) : undefined
  if (preference === pilot.config.engine && !table) return undefined
  const choice = await chooseNnmfEngine(preference, table ? { probe: { dataDir: dataDirOf(db), shape: modelProbeShape(table) } } : {})
  return pilotEngineOf(choice)
}
