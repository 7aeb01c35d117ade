import { auc, averagePrecision, logLoss, rmse } from '../eval/metrics.js'
import { createModel } from '../models/create.js'
import type { FitReport, Model, TrainingProgress } from '../models/model.js'
import { loadModel } from '../models/registry.js'
import type { FitResumeState, StateArray } from '../models/resume-state.js'
import type { ModelRuntime } from '../models/spec.js'
import { specOf, type ModelKind } from '../models/specs.js'
import type { EngineChoice } from '../models/nnmf/choose-engine.js'
import { createRng } from '../random.js'
import { getDataset, loadMatrix } from '../store/datasets.js'
import { claimRunForResume, finishModel, getModel, loadResumeState, modelRequest, saveModel, writeCheckpoint, type ModelRecord } from '../store/models.js'
import type { Db } from '../store/open.js'
import { ownerId, reportProgress } from '../store/owners.js'
import { hyperparameterConfig, searchCandidates, splitOverrides, type Hyperparameters } from '../training/hyperparameters.js'
import { selectByValidation, type SearchResume, type SearchResumePoint, type Selection } from '../training/select.js'
import { ResumeError } from '../training/resume-error.js'
import { splitForValidation } from '../training/split.js'

export { ResumeError, type ResumeRefusal } from '../training/resume-error.js'

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
  /** The NNMF engine preference, kept with the run so a resume chooses as the run did. */
  engine?: 'auto' | 'fastcpu' | 'tfjs' | 'webgpu'
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
 * appears in the store as 'training' from its first epoch; checkpoints (at most every
 * checkpointEveryMs) replace the parameters and the resume state atomically, so a kill leaves the
 * last one (the run is marked 'interrupted' once its process is found gone), a cancel marks it
 * 'cancelled', and either can be resumed (resumeTraining).
 */
export async function trainAndSave(db: Db, request: TrainRunRequest, control: TrainRunControl): Promise<TrainRunResult> {
  return runTraining(db, request, control, null)
}

/**
 * An interrupted or cancelled run's request, checked: it exists, it may be resumed (it was stored
 * with its request, and nobody has taken it up again), and its dataset is the one it trained on.
 */
export function resumableRun(db: Db, modelId: number): { request: TrainRunRequest; record: ModelRecord } {
  const record = getModel(db, modelId)
  if (!record) throw new ResumeError('no-such-model', `There is no model with id ${modelId}.`)
  const request = modelRequest(db, modelId) as TrainRunRequest | null
  if (!request || (record.status !== 'interrupted' && record.status !== 'cancelled')) {
    throw new ResumeError(
      'not-resumable',
      record.status === 'training'
        ? `Model ${modelId} is training now; only an interrupted or cancelled run can be resumed.`
        : `Model ${modelId} is ${record.status}${request ? '' : ' and was trained by an earlier version'}; only an interrupted or cancelled run can be resumed.`,
    )
  }
  const dataset = getDataset(db, request.datasetId)
  if (!dataset || dataset.dataHash !== record.dataHash) {
    throw new ResumeError('dataset-changed', `The dataset model ${modelId} was training on has been deleted or changed; train a new model.`)
  }
  return { request, record }
}

/**
 * Takes an interrupted or cancelled run up again from its last checkpoint, in the same store row,
 * and trains it to the end: the search goes on at the setting it was in, with the scores and the
 * best model of the settings before, and that setting's fit goes on from its last stored epoch
 * (parameters, optimiser state, random order, learning rate, early stopping), so with the same
 * engine the run ends with the model an uninterrupted run would have. A run with no checkpoint yet
 * starts again from the beginning (the same model too: training is deterministic).
 */
export async function resumeTraining(db: Db, modelId: number, control: TrainRunControl): Promise<TrainRunResult> {
  const { request } = resumableRun(db, modelId)
  if (!claimRunForResume(db, modelId, ownerId(db))) {
    throw new ResumeError('not-resumable', `Model ${modelId} was taken up again by another process.`)
  }
  const state = loadResumeState(db, modelId) ?? null
  return runTraining(db, request, control, { modelId, state, curve: getModel(db, modelId)!.curve })
}

/** The search's part of a stored resume state (the fit's JSON and arrays sit under fit. names). */
interface RunResumeJson {
  version: 1
  index: number
  scores: { validationLoss: number | null; epochs: number; bestEpoch: number }[]
  best: { index: number; report: FitReport; kind: string; config: Record<string, unknown> } | null
  fit: Record<string, unknown>
  /** Time the run had trained when the checkpoint was taken. */
  elapsedMs: number
}

const FIT_PREFIX = 'fit.'
const BEST_PREFIX = 'bestModel.'

function packRunState(point: SearchResumePoint<Hyperparameters>, elapsedMs: number): FitResumeState {
  const fit = point.fit.capture()
  const arrays: Record<string, StateArray> = {}
  for (const [name, array] of Object.entries(fit.arrays)) arrays[FIT_PREFIX + name] = array
  let best: RunResumeJson['best'] = null
  if (point.best) {
    const saved = point.best.model.toSaved()
    for (const [name, array] of Object.entries(saved.blobs)) arrays[BEST_PREFIX + name] = array
    best = { index: point.best.index, report: point.best.report, kind: saved.kind, config: saved.config }
  }
  const json: RunResumeJson = {
    version: 1,
    index: point.index,
    scores: point.scores.map(({ validationLoss, epochs, bestEpoch }) => ({
      validationLoss: Number.isFinite(validationLoss) ? validationLoss : null,
      epochs,
      bestEpoch,
    })),
    best,
    fit: fit.json,
    elapsedMs,
  }
  return { json: json as unknown as Record<string, unknown>, arrays }
}

function unpackRunState(
  state: FitResumeState,
  candidates: readonly Hyperparameters[],
  runtime: ModelRuntime,
): { search: SearchResume<Hyperparameters>; elapsedMs: number } {
  const json = state.json as unknown as RunResumeJson
  if (json.version !== 1 || json.index >= candidates.length || json.scores.length !== json.index)
    throw new Error('The stored resume state does not fit this run.')
  const pick = (prefix: string): Record<string, StateArray> =>
    Object.fromEntries(
      Object.entries(state.arrays)
        .filter(([name]) => name.startsWith(prefix))
        .map(([name, array]) => [name.slice(prefix.length), array]),
    )
  const best = json.best
    ? {
        index: json.best.index,
        report: json.best.report,
        model: loadModel({ kind: json.best.kind, config: json.best.config, blobs: pick(BEST_PREFIX) as Record<string, Float32Array> }, runtime),
      }
    : null
  return {
    search: {
      index: json.index,
      scores: json.scores.map((score, i) => ({ ...score, candidate: candidates[i]!, validationLoss: score.validationLoss ?? Infinity })),
      best,
      fit: { json: json.fit, arrays: pick(FIT_PREFIX) },
    },
    elapsedMs: json.elapsedMs,
  }
}

async function runTraining(
  db: Db,
  request: TrainRunRequest,
  control: TrainRunControl,
  resumed: { modelId: number; state: FitResumeState | null; curve: TrainingProgress[] } | null,
): Promise<TrainRunResult> {
  const now = control.now ?? Date.now
  const { summary, matrix } = loadMatrix(db, request.datasetId)
  const { train, validation } = splitForValidation(matrix, request.validationFraction, createRng(request.seed))
  const { pinned, rest } = splitOverrides(request.overrides)
  const candidates = searchCandidates(request.kind, pinned)
  const runtime = { nnmfEngine: control.engine.factory }
  let search: SearchResume<Hyperparameters> | undefined
  let elapsedBefore = 0
  if (resumed?.state) {
    const unpacked = unpackRunState(resumed.state, candidates, runtime)
    search = unpacked.search
    elapsedBefore = unpacked.elapsedMs
  }
  const started = now() - elapsedBefore
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
  const engineName = specOf(request.kind).usesEngine ? control.engine.name : 'typed-arrays'
  const backend = specOf(request.kind).usesEngine ? control.engine.label : 'CPU (TypeScript)'
  let modelId: number | null = resumed?.modelId ?? null
  let lastCheckpoint = now()
  // The stored curve is the current setting's; the chosen one's replaces it at the end.
  let curve: TrainingProgress[] = search ? [...resumed!.curve] : []
  let curveOf = search ? search.index : -1
  const create = (model: Model): void => {
    modelId = saveModel(db, {
      datasetId: request.datasetId,
      name: request.name ?? `${request.kind.toUpperCase()} · ${summary.name}`,
      backend,
      engine: engineName,
      seed: request.seed,
      dataHash: summary.dataHash,
      status: 'training',
      saved: model.toSaved(),
      curve,
      owner: ownerId(db),
      request,
    })
    lastCheckpoint = now()
  }

  let selection: Selection<Hyperparameters> | undefined
  try {
    selection = await selectByValidation(candidates, build, train, validation, {
      seed: request.seed,
      ...(control.signal ? { signal: control.signal } : {}),
      ...(search ? { resume: search } : {}),
      onProgress: (progress, index) => {
        if (index !== curveOf) [curve, curveOf] = [[], index]
        curve.push(progress)
        if (modelId === null) create(training!)
        const full = { ...progress, modelId, candidate: index, candidates: candidates.length, hyperparameters: candidates[index]! }
        reportProgress(db, 'models', modelId!, full)
        control.onProgress?.(full)
      },
      onResumePoint: (point) => {
        if (modelId === null || now() - lastCheckpoint < (control.checkpointEveryMs ?? 5000)) return
        // Captured now, before anything else runs: the parameters and the state of this very epoch.
        writeCheckpoint(db, modelId, training!.toSaved(), curve, packRunState(point, now() - started))
        lastCheckpoint = now()
      },
    })
    const { model, report, chosen } = selection
    if (modelId === null) create(model)
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
    const searched = selection.scores.map(({ candidate, validationLoss, epochs, bestEpoch }): SearchScore => ({
      ...candidate,
      validationLoss: Number.isFinite(validationLoss) ? validationLoss : null,
      epochs,
      bestEpoch,
    }))
    const elapsedMs = now() - started
    const metrics = {
      validationRmse,
      ...binaryMetrics,
      epochs: report.epochs,
      bestEpoch: report.bestEpoch,
      elapsedMs,
      hyperparameters: chosen,
      search: searched,
      // The GPU was lost and the CPU fast path finished the run from its last checkpoint: the user is told.
      ...(request.kind === 'nnmf' && control.engine.fallbacks?.[0] ? { engineFallback: control.engine.fallbacks[0] } : {}),
      ...(resumed ? { resumed: true } : {}),
    }
    finishModel(db, modelId!, { status: 'complete', metrics, saved: model.toSaved(), curve: report.curve })
    return { modelId: modelId!, epochs: report.epochs, validationRmse, elapsedMs, hyperparameters: chosen, search: searched }
  } catch (error) {
    if (modelId !== null) finishModel(db, modelId, { status: control.signal?.aborted ? 'cancelled' : 'failed' })
    throw error
  } finally {
    selection?.model.dispose()
  }
}
