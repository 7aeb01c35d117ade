import { z } from 'zod'
import { MODEL_KINDS } from '../core/models/specs.js'
import { importOptionsSchema, uploadIdSchema } from './imports.js'

export { exportRequestSchema, type ExportRequest } from '../core/export/request.js'

export const predictRequestSchema = z
  .object({
    modelId: z.number().int().positive(),
    uploadId: uploadIdSchema,
    options: importOptionsSchema.optional(),
    seed: z.number().int().nonnegative().default(0),
    /** The language of the predictions file's name (the page's). */
    language: z.enum(['ja', 'en']).default('en'),
  })
  .strict()

export const trainRequestSchema = z
  .object({
    datasetId: z.number().int().positive(),
    kind: z.enum(MODEL_KINDS),
    seed: z.number().int().nonnegative().default(0),
    name: z.string().trim().min(1).max(200).optional(),
    /** Hyper-parameters, e.g. those a pilot chose ({ d, lambda }). */
    overrides: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).optional(),
  })
  .strict()

export const modelSummarySchema = z.object({
  id: z.number(),
  datasetId: z.number().nullable(),
  kind: z.enum(MODEL_KINDS),
  name: z.string(),
  backend: z.string(),
  engine: z.string(),
  seed: z.number(),
  status: z.enum(['training', 'complete', 'interrupted', 'cancelled', 'failed']),
  metrics: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  /**
   * A 'training' run's latest progress as its process last wrote it to the store (every few
   * seconds): epoch, maxEpochs, candidate, candidates, trainLoss, validationLoss. Absent otherwise.
   */
  progress: z.record(z.string(), z.unknown()).optional(),
  /** An interrupted or cancelled run that can be taken up again from its last checkpoint (resumeTraining). */
  resumable: z.boolean().optional(),
})
export type ModelSummary = z.infer<typeof modelSummarySchema>
