import { z } from 'zod'
import { runStoredPilot } from '../core/pilot/run-stored.js'
import type { JobRunner } from './runners.js'

export const pilotJobPayloadSchema = z.object({ pilotId: z.number().int().positive() })

/** Progress is reported in thousandths, with the runner's whole progress record as detail. */
const PROGRESS_STEPS = 1000

/**
 * Runs a stored pilot (created 'running' by the service) in the job process; runStoredPilot stores
 * its end (the result, a cancellation or the error), as for the CLI's `pilot`. A kill leaves it
 * 'running' until the next start or the job manager marks it 'interrupted'.
 */
export const runPilotJob: JobRunner = async (payload, context) => {
  const { pilotId } = pilotJobPayloadSchema.parse(payload)
  const result = await runStoredPilot(context.db, pilotId, {
    signal: context.signal,
    onProgress: (progress) =>
      context.progress({ phase: progress.phase, done: Math.round(progress.fraction * PROGRESS_STEPS), total: PROGRESS_STEPS, detail: { ...progress, pilotId } }),
  })
  return { pilotId, verdict: result.comparison?.verdict ?? null }
}
