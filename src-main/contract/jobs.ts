import { z } from 'zod'
import { exportRequestSchema } from '../core/export/request.js'
import { MODEL_KINDS } from '../core/models/specs.js'
import { VERDICT_OUTCOMES } from '../core/pilot/verdict.js'
import { importOptionsSchema, importOutcomeSchema, importReportSchema } from './imports.js'
import { downloadSchema } from './download.js'

/**
 * The job table, like the request table (api.ts): per job kind the payload the job process takes
 * and the result it hands back. JobManager.start is typed by it, the job process parses the payload
 * once (jobs/runners.ts), the job manager checks the result it hands back (schemas.ts builds the
 * job state events and snapshots per kind from this table), and the renderer reads it with resultOf.
 */

const hyperparametersSchema = z.object({ d: z.number().nullable(), lambda: z.number().nullable() })

/** Why an export wrote nothing, as a code with parameters for the renderer to word. */
const refusalSchema = z.object({ refused: z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) }) })

const trainResultSchema = z.object({
  modelId: z.number(),
  epochs: z.number(),
  validationRmse: z.number().nullable(),
  elapsedMs: z.number(),
  hyperparameters: hyperparametersSchema,
  search: z.array(hyperparametersSchema.extend({ validationLoss: z.number().nullable(), epochs: z.number(), bestEpoch: z.number() })),
  engine: z.string(),
  backend: z.string(),
})

export const JOBS = {
  import: {
    payload: z.object({ filePath: z.string().min(1), options: importOptionsSchema }),
    result: importOutcomeSchema,
  },
  train: {
    payload: z.object({
      datasetId: z.number().int().positive(),
      kind: z.enum(MODEL_KINDS),
      seed: z.number().int().nonnegative().default(0),
      validationFraction: z.number().gt(0).lt(0.5).default(0.05),
      engine: z.enum(['auto', 'fastcpu', 'tfjs', 'webgpu']).default('auto'),
      name: z.string().min(1).max(200).optional(),
      overrides: z.record(z.string(), z.unknown()).optional(),
    }),
    result: trainResultSchema,
  },
  /** Takes an interrupted or cancelled training run up again from its last checkpoint (core/runs/train-run.ts resumeTraining). */
  resume: {
    payload: z.object({ modelId: z.number().int().positive() }),
    result: trainResultSchema,
  },
  pilot: {
    payload: z.object({ pilotId: z.number().int().positive() }),
    result: z.object({ pilotId: z.number(), verdict: z.enum(VERDICT_OUTCOMES).nullable() }),
  },
  predict: {
    payload: z.object({
      modelId: z.number().int().positive(),
      filePath: z.string().min(1),
      fileName: z.string().min(1),
      options: importOptionsSchema.optional(),
      seed: z.number().int().nonnegative().default(0),
      language: z.enum(['ja', 'en']).default('en'),
    }),
    result: z.discriminatedUnion('ok', [
      z.object({
        ok: z.literal(true),
        download: downloadSchema,
        nPredicted: z.number(),
        nObserved: z.number(),
        unknownColumns: z.array(z.string()),
        report: importReportSchema,
      }),
      z.object({ ok: z.literal(false), report: importReportSchema, unknownColumns: z.array(z.string()) }),
    ]),
  },
  export: {
    payload: exportRequestSchema,
    result: z.union([downloadSchema, refusalSchema]),
  },
} as const

export type JobKind = keyof typeof JOBS
export const JOB_KINDS = Object.keys(JOBS) as [JobKind, ...JobKind[]]
/** What a caller passes (defaults not yet filled in). */
export type JobPayload<K extends JobKind> = z.input<(typeof JOBS)[K]['payload']>
/** What the job process works with, once parsed. */
export type ParsedJobPayload<K extends JobKind> = z.output<(typeof JOBS)[K]['payload']>
export type JobResult<K extends JobKind> = z.output<(typeof JOBS)[K]['result']>
