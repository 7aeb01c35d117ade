import { z } from 'zod'
import { chooseNnmfEngine } from '../core/models/nnmf/choose-engine.js'
import { MODEL_KINDS } from '../core/models/specs.js'
import { dataDirOf, modelProbeShape } from '../core/models/nnmf/webgpu/probe-shape.js'
import { effectiveEnginePreference } from '../core/settings/engine-preference.js'
import { getDataset } from '../core/store/datasets.js'
import { trainAndSave } from '../core/training/train-run.js'
import type { JobRunner } from './runners.js'

export const trainJobPayloadSchema = z.object({
  datasetId: z.number().int().positive(),
  kind: z.enum(MODEL_KINDS),
  seed: z.number().int().nonnegative().default(0),
  validationFraction: z.number().gt(0).lt(0.5).default(0.05),
  engine: z.enum(['auto', 'fastcpu', 'tfjs', 'webgpu']).default('auto'),
  name: z.string().min(1).max(200).optional(),
  overrides: z.record(z.string(), z.unknown()).optional(),
})
export type TrainJobPayload = z.input<typeof trainJobPayloadSchema>

/** Trains and saves one model in the job process, relaying epochs as progress. */
export const runTrainJob: JobRunner = async (payload, context) => {
  const request = trainJobPayloadSchema.parse(payload)
  const preference = effectiveEnginePreference(context.db, request.engine)
  // 'auto' may take a hardware GPU for NNMF when the probe, on this model's shape, shows it faster.
  const table = request.kind === 'nnmf' && preference === 'auto' ? getDataset(context.db, request.datasetId) : undefined
  const engine = await chooseNnmfEngine(preference, table ? { probe: { dataDir: dataDirOf(context.db), shape: modelProbeShape(table, request.overrides) } } : {})
  context.progress({ phase: 'prepare', done: 0, total: 1, detail: { engine: engine.name, backend: engine.label } })
  const result = await trainAndSave(
    context.db,
    { ...request, ...(request.overrides ? { overrides: request.overrides } : {}) },
    {
      engine,
      signal: context.signal,
      onProgress: (progress) =>
        context.progress({
          phase: 'train',
          // One bar over every setting of the search.
          done: progress.candidate * progress.maxEpochs + progress.epoch,
          total: progress.candidates * progress.maxEpochs,
          detail: { ...progress, engine: engine.name },
        }),
    },
  )
  return { ...result, engine: engine.name, backend: engine.label }
}
