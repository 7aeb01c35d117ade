import { chooseNnmfEngine } from '../core/models/nnmf/choose-engine.js'
import { modelProbeShape } from '../core/models/nnmf/webgpu/probe-shape.js'
import { dataDirOf } from '../core/store/data-dir.js'
import { effectiveEnginePreference } from '../core/settings/engine-preference.js'
import { getDataset } from '../core/store/datasets.js'
import { resumableRun, resumeTraining, trainAndSave, type TrainRunProgress } from '../core/runs/train-run.js'
import type { JobContext } from './runners.js'
import type { JobRunner } from './runners.js'

/** One bar over every setting of the search, with the run's progress as detail. */
function relay(context: JobContext, engine: string): (progress: TrainRunProgress) => void {
  return (progress) =>
    context.progress({
      phase: 'train',
      done: progress.candidate * progress.maxEpochs + progress.epoch,
      total: progress.candidates * progress.maxEpochs,
      detail: { ...progress, engine },
    })
}

/** Trains and saves one model in the job process, relaying epochs as progress. */
export const runTrainJob: JobRunner<'train'> = async (request, context) => {
  const preference = effectiveEnginePreference(context.db, request.engine)
  // 'auto' may take a hardware GPU for NNMF when the probe, on this model's shape, shows it faster.
  const table = request.kind === 'nnmf' && preference === 'auto' ? getDataset(context.db, request.datasetId) : undefined
  const engine = await chooseNnmfEngine(
    preference,
    table ? { probe: { dataDir: dataDirOf(context.db), shape: modelProbeShape(table, request.overrides) } } : {},
  )
  context.progress({ phase: 'prepare', done: 0, total: 1, detail: { engine: engine.name, backend: engine.label } })
  const result = await trainAndSave(
    context.db,
    { ...request, ...(request.overrides ? { overrides: request.overrides } : {}) },
    { engine, signal: context.signal, onProgress: relay(context, engine.name) },
  )
  return { ...result, engine: engine.name, backend: engine.label }
}

/**
 * Resumes an interrupted or cancelled run in the job process, on the engine its stored request
 * chooses (the same engine as before gives the uninterrupted run's model bit for bit).
 */
export const runResumeJob: JobRunner<'resume'> = async ({ modelId }, context) => {
  const { request } = resumableRun(context.db, modelId)
  const engine = await chooseNnmfEngine(effectiveEnginePreference(context.db, request.engine ?? 'auto'))
  context.progress({ phase: 'prepare', done: 0, total: 1, detail: { engine: engine.name, backend: engine.label, modelId } })
  const result = await resumeTraining(context.db, modelId, { engine, signal: context.signal, onProgress: relay(context, engine.name) })
  return { ...result, engine: engine.name, backend: engine.label }
}
