import { z } from 'zod'
import { pilotConfigSchema } from '../core/pilot/config.js'
import { PILOT_RESULT_VERSION, type PilotResult } from '../core/pilot/result.js'

/** Pilot requests. The config schema is the pilot core's own: the wizard, CLI and runner agree by construction. */
export { pilotConfigSchema }
export type { PilotConfig } from '../core/pilot/config.js'
export type { PilotResult, ModelRun } from '../core/pilot/result.js'
export type { PilotProgress } from '../core/pilot/progress.js'

export const pilotIdSchema = z.number().int().positive()

export const dataCheckSchema = z.object({
  verdict: z.enum(['suitable', 'caution', 'unsuitable']),
  reasons: z.array(z.object({ code: z.string(), severity: z.enum(['info', 'caution', 'unsuitable']) }).passthrough()),
  stats: z.object({ nRows: z.number(), nCols: z.number(), observed: z.number(), density: z.number() }).passthrough(),
})
export type DataCheck = z.infer<typeof dataCheckSchema>
export type DataCheckReason = DataCheck['reasons'][number]

export const pilotEstimateSchema = z.object({
  /** Estimated wall time per effort preset, in seconds, on this PC's engine. */
  seconds: z.object({ quick: z.number(), standard: z.number(), thorough: z.number() }),
  engine: z.string(),
  engineLabel: z.string(),
})
export type PilotEstimate = z.infer<typeof pilotEstimateSchema>

export const pilotStatusSchema = z.enum(['running', 'complete', 'cancelled', 'failed', 'interrupted'])

export const pilotSummarySchema = z
  .object({
    id: pilotIdSchema,
    datasetId: z.number().nullable(),
    name: z.string(),
    status: pilotStatusSchema,
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    engine: z.string().nullable(),
    backend: z.string().nullable(),
    error: z.string().nullable(),
    config: pilotConfigSchema,
    /** The stored NNMF-vs-MF verdict of a complete pilot. */
    verdict: z.string().nullable().optional(),
    /**
     * A running pilot's latest progress (a PilotProgress) as the process running it last wrote it to
     * the store, every few seconds: how the app follows a pilot it does not run (a CLI pilot).
     */
    progress: z.record(z.string(), z.unknown()).nullable().optional(),
  })
  .passthrough()
export type PilotSummary = z.infer<typeof pilotSummarySchema>

/**
 * What every reader of a stored pilot result relies on first: an object of the current version
 * (the store upgrades older ones as it reads them, pilot/legacy.ts) with its dataset, splits, runs
 * and summary. The rest is not described again here: the runner builds the result typed and the
 * store keeps its JSON as it is, while a schema of every nested part (config, comparison, per-column
 * tables, scatter sample, heatmap) would restate a dozen core types and walk the large tables on
 * every getPilot.
 */
function isStoredPilotResult(value: unknown): value is PilotResult {
  return (
    typeof value === 'object' &&
    value !== null &&
    'version' in value &&
    value.version === PILOT_RESULT_VERSION &&
    'dataset' in value &&
    typeof value.dataset === 'object' &&
    value.dataset !== null &&
    'splits' in value &&
    Array.isArray(value.splits) &&
    'runs' in value &&
    Array.isArray(value.runs) &&
    'summary' in value &&
    Array.isArray(value.summary)
  )
}

export const pilotDetailSchema = pilotSummarySchema.extend({
  dataHash: z.string().nullable(),
  /** The stored PilotResult (core/pilot/result.ts); null until the pilot completes. */
  result: z.custom<PilotResult>(isStoredPilotResult, `not a pilot result of version ${PILOT_RESULT_VERSION}`).nullable(),
  /** The job running this pilot, while it runs in this session (for live progress and cancel). */
  jobId: z.string().nullable(),
})

export const pilotStartedSchema = z.object({ pilotId: pilotIdSchema, jobId: z.string() })
