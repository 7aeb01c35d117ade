import { auc, averagePrecision, logLoss, rmse } from '../eval/metrics.js'
import { createModel } from '../models/create.js'
import type { Model, TrainingProgress } from '../models/model.js'
import type { ModelKind } from '../models/specs.js'
import type { EngineChoice } from '../models/nnmf/choose-engine.js'
import { createRng } from '../random.js'
import { loadMatrix } from '../store/datasets.js'
import { finishModel, saveModel, writeCheckpoint } from '../store/models.js'
import type { Db } from '../store/open.js'
import { ownerId, reportProgress } from '../store/owners.js'
import { hyperparameterConfig, searchCandidates, splitOverrides, type Hyperparameters } from './hyperparameters.js'
import { selectByValidation, type Selection } from './select.js'
import { splitForValidation } from './split.js'

export interface TrainRunRequest {
  datasetId: number
  kind: ModelKind
  seed: number
  /** Share of the observed entries held out for early stopping and the choice of λ (and D). */
  validationFraction: number
  name?: string
  /**
   * Model configuration. `d` and `lambda` pin those settings; whatever is not pinned is chosen on
   * validation from TRAIN_SEARCH (hyperparameters.ts).
   */
  overrides?: Record<string, unknown>
}

export interface TrainRunProgress extends TrainingProgress {
  modelId: number | null
  /** Which setting of the search is training (0-based), of how many, and its values. */
  candidate: number
  candidates: number
  hyperparameters: Hyperparameters
}

export interface TrainRunControl {
  engine: EngineChoice
  signal?: AbortSignal
  onProgress?: (progress: TrainRunProgress) => void
  /** Minimum time between checkpoints written to the store. */
  checkpointEveryMs?: number
  now?: () => number
}

export interface TrainRunResult {
  modelId: number
  epochs: number
  validationRmse: number | null
  elapsedMs: number
  /** The chosen setting, and every setting tried with its best validation loss. */
  hyperparameters: Hyperparameters
  search: SearchScore[]
}

export interface SearchScore extends Hyperparameters {
  validationLoss: number | null
  epochs: number
  bestEpoch: number
}

/**
 * Trains one model on a stored dataset and saves it. Each setting of the search (λ, and D for MF,
 * unless pinned) trains with early stopping on the validation slice; the best one is kept. The run
 * appears in the store as 'training' from its first checkpoint; checkpoints replace the parameters
 * atomically, so a kill leaves the last one (marked 'interrupted' at the next start); a cancel marks
 * it 'cancelled'.
 */
export async function trainAndSave(db: Db, request: TrainRunRequest, control: TrainRunControl): Promise<TrainRunResult> {
  const now = control.now ?? Date.now
  const started = now()
  const { summary, matrix } = loadMatrix(db, request.datasetId)
  const { train, validation } = splitForValidation(matrix, request.validationFraction, createRng(request.seed))
  const { pinned, rest } = splitOverrides(request.overrides)
  const candidates = searchCandidates(request.kind, pinned)
  let training: Model | undefined
  const build = (h: Hyperparameters): Model => {
    training = createModel(request.kind, {
      layout: summary.layout,
      valueKind: summary.valueKind,
      nnmfEngine: control.engine.factory,
      overrides: { ...rest, ...hyperparameterConfig(request.kind, h) },
    })
    return training
  }
  const engineName = request.kind === 'nnmf' ? control.engine.name : 'typed-arrays'
  const backend = request.kind === 'nnmf' ? control.engine.label : 'CPU (TypeScript)'
  let modelId: number | null = null
  let lastCheckpoint = 0
  let curve: TrainingProgress[] = []
  let curveOf = -1
  const checkpoint = (model: Model): void => {
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
        owner: ownerId(db),
      })
    } else {
      writeCheckpoint(db, modelId, saved, curve)
    }
    lastCheckpoint = now()
  }

  let selection: Selection<Hyperparameters> | undefined
  try {
    selection = await selectByValidation(candidates, build, train, validation, {
      seed: request.seed,
      ...(control.signal ? { signal: control.signal } : {}),
      onProgress: (progress, index) => {
        // The stored curve is the current setting's; the chosen one's replaces it at the end.
        if (index !== curveOf) [curve, curveOf] = [[], index]
        curve.push(progress)
        if (modelId === null || now() - lastCheckpoint >= (control.checkpointEveryMs ?? 5000)) checkpoint(training!)
        const full = { ...progress, modelId, candidate: index, candidates: candidates.length, hyperparameters: candidates[index]! }
        reportProgress(db, 'models', modelId!, full)
        control.onProgress?.(full)
      },
    })
    const { model, report, chosen } = selection
    if (modelId === null) checkpoint(model)
    const predictions = await model.predict(validation.rows, validation.cols)
    const hasValidation = validation.values.length > 0
    const validationRmse = hasValidation ? rmse(predictions, validation.values) : null
    const binaryMetrics =
      summary.valueKind === 'binary' && hasValidation
        ? {
            validationAuc: auc(predictions, validation.values),
            validationAveragePrecision: averagePrecision(predictions, validation.values),
            validationLogLoss: logLoss(predictions, validation.values),
          }
        : {}
    const search = selection.scores.map(({ candidate, validationLoss, epochs, bestEpoch }): SearchScore => ({
      ...candidate, validationLoss: Number.isFinite(validationLoss) ? validationLoss : null, epochs, bestEpoch,
    }))
    const elapsedMs = now() - started
    const metrics = {
      validationRmse, ...binaryMetrics, epochs: report.epochs, bestEpoch: report.bestEpoch, elapsedMs, hyperparameters: chosen, search,
      // The GPU was lost and the CPU fast path finished the run from its last checkpoint: the user is told.
      ...(request.kind === 'nnmf' && control.engine.fallbacks?.[0] ? { engineFallback: control.engine.fallbacks[0] } : {}),
    }
    finishModel(db, modelId!, { status: 'complete', metrics, saved: model.toSaved(), curve: report.curve })
    return { modelId: modelId!, epochs: report.epochs, validationRmse, elapsedMs, hyperparameters: chosen, search }
  } catch (error) {
    if (modelId !== null) finishModel(db, modelId, { status: control.signal?.aborted ? 'cancelled' : 'failed' })
    throw error
  } finally {
    selection?.model.dispose()
  }
}
