import { chooseNnmfEngine } from '../core/models/nnmf/choose-engine.js'
import { dataDirOf, modelProbeShape } from '../core/models/nnmf/webgpu/probe-shape.js'
import { effectiveEnginePreference } from '../core/settings/engine-preference.js'
import { getDataset } from '../core/store/datasets.js'
import { trainAndSave } from '../core/training/train-run.js'
import type { JobRunner } from './runners.js'

/** Trains and saves one model in the job process, relaying epochs as progress. */
export const runTrainJob: JobRunner<'train'> = async (request, context) => {
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
