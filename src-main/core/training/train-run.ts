import { auc, logLoss, rmse } from '../eval/metrics.js'
import { createModel } from '../models/create.js'
import type { ModelKind, TrainingProgress } from '../models/model.js'
import type { EngineChoice } from '../models/nnmf/choose-engine.js'
import { createRng } from '../random.js'
import { loadMatrix } from '../store/datasets.js'
import { finishModel, saveModel, writeCheckpoint } from '../store/models.js'
import type { Db } from '../store/open.js'
import { splitForValidation } from './split.js'

export interface TrainRunRequest {
  datasetId: number
  kind: ModelKind
  seed: number
  /** Share of the observed entries held out for early stopping. */
  validationFraction: number
  name?: string
  overrides?: Record<string, unknown>
}

export interface TrainRunControl {
  engine: EngineChoice
  signal?: AbortSignal
  onProgress?: (progress: TrainingProgress & { modelId: number | null }) => void
  /** Minimum time between checkpoints written to the store. */
  checkpointEveryMs?: number
  now?: () => number
}

export interface TrainRunResult {
  modelId: number
  epochs: number
  validationRmse: number | null
  elapsedMs: number
}

/**
 * Trains one model on a stored dataset and saves it. The run appears in the store as 'training'
 * from its first checkpoint; checkpoints replace the parameters atomically, so a kill leaves the
 * last one (marked 'interrupted' at the next start); a cancel marks it 'cancelled'.
 */
export async function trainAndSave(db: Db, request: TrainRunRequest, control: TrainRunControl): Promise<TrainRunResult> {
  const now = control.now ?? Date.now
  const { summary, matrix } = loadMatrix(db, request.datasetId)
  const { train, validation } = splitForValidation(matrix, request.validationFraction, createRng(request.seed))
  const model = createModel(request.kind, {
    layout: summary.layout,
    valueKind: summary.valueKind,
    nnmfEngine: control.engine.factory,
    ...(request.overrides ? { overrides: request.overrides } : {}),
  })
  const engineName = request.kind === 'nnmf' ? control.engine.name : 'typed-arrays'
  const backend = request.kind === 'nnmf' ? control.engine.label : 'CPU (TypeScript)'
  let modelId: number | null = null
  let lastCheckpoint = 0
  const curve: TrainingProgress[] = []
  const checkpoint = (): void => {
    const saved = model.toSaved()
    if (modelId === null) {
      modelId = saveModel(db, {
        datasetId: request.datasetId,
        name: request.name ?? `${request.kind.toUpperCase()} · ${summary.name}`,
        backend,
        engine: engineName,
        seed: request.seed,
        dataHash: summary.dataHash,
        status: 'training',
        saved,
        curve,
      })
    } else {
      writeCheckpoint(db, modelId, saved, curve)
    }
    lastCheckpoint = now()
  }

  try {
    const report = await model.fit(train, {
      validation,
      seed: request.seed,
      ...(control.signal ? { signal: control.signal } : {}),
      onProgress: (progress) => {
        curve.push(progress)
        if (modelId === null || now() - lastCheckpoint >= (control.checkpointEveryMs ?? 5000)) checkpoint()
        control.onProgress?.({ ...progress, modelId })
      },
    })
    if (modelId === null) checkpoint()
    const predictions = await model.predict(validation.rows, validation.cols)
    const hasValidation = validation.values.length > 0
    const validationRmse = hasValidation ? rmse(predictions, validation.values) : null
    const binaryMetrics =
      summary.valueKind === 'binary' && hasValidation
        ? { validationAuc: auc(predictions, validation.values), validationLogLoss: logLoss(predictions, validation.values) }
        : {}
    const metrics = { validationRmse, ...binaryMetrics, epochs: report.epochs, bestEpoch: report.bestEpoch, elapsedMs: report.elapsedMs }
    finishModel(db, modelId!, { status: 'complete', metrics, saved: model.toSaved(), curve: report.curve })
    return { modelId: modelId!, epochs: report.epochs, validationRmse, elapsedMs: report.elapsedMs }
  } catch (error) {
    if (modelId !== null) finishModel(db, modelId, { status: control.signal?.aborted ? 'cancelled' : 'failed' })
    throw error
  } finally {
    model.dispose()
  }
}
