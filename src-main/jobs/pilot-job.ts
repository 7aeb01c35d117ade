import { z } from 'zod'
import { chooseNnmfEngine } from '../core/models/nnmf/choose-engine.js'
import { runPilot } from '../core/pilot/runner.js'
import { loadMatrix } from '../core/store/datasets.js'
import { cancelPilot, failPilot, finishPilot, getPilot } from '../core/store/pilots.js'
import type { JobRunner } from './runners.js'

export const pilotJobPayloadSchema = z.object({ pilotId: z.number().int().positive() })

/** Progress is reported in thousandths, with the runner's whole progress record as detail. */
const PROGRESS_STEPS = 1000

/**
 * Runs a stored pilot (created 'running' by the service) in the job process and stores its end:
 * the result, a cancellation or the error. A kill leaves it 'running' until the next start or the
 * job manager marks it 'interrupted'.
 */
export const runPilotJob: JobRunner = async (payload, context) => {
  const { pilotId } = pilotJobPayloadSchema.parse(payload)
  const pilot = getPilot(context.db, pilotId)
  if (!pilot) throw new Error(`No pilot with id ${pilotId}.`)
  try {
    if (pilot.datasetId === null) throw new Error('The dataset of this pilot has been deleted.')
    const { summary, matrix, colLabels } = loadMatrix(context.db, pilot.datasetId)
    if (summary.dataHash !== pilot.dataHash) throw new Error('The dataset changed since this pilot was set up; start a new pilot.')
    const engine = pilot.config.models.includes('nnmf') ? await chooseNnmfEngine(pilot.config.engine) : undefined
    const result = await runPilot(
      { matrix, colLabels, dataset: { id: summary.id, name: summary.name, dataHash: summary.dataHash, valueKind: summary.valueKind, layout: summary.layout, hasTime: summary.hasTime } },
      pilot.config,
      {
        ...(engine ? { engine: { name: engine.name, label: engine.label, backend: engine.tfjsBackend, factory: engine.factory } } : {}),
        signal: context.signal,
        onProgress: (progress) =>
          context.progress({ phase: progress.phase, done: Math.round(progress.fraction * PROGRESS_STEPS), total: PROGRESS_STEPS, detail: { ...progress, pilotId } }),
      },
    )
    finishPilot(context.db, pilotId, result)
    return { pilotId, verdict: result.comparison?.verdict ?? null }
  } catch (error) {
    if (context.signal.aborted) cancelPilot(context.db, pilotId)
    else failPilot(context.db, pilotId, error instanceof Error ? error.message : String(error))
    throw error
  }
}
