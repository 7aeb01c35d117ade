import type { SparseMatrix } from '../matrix/sparse.js'
import type { FitResumeState, ResumePoint } from './resume-state.js'

/**
 * One interface for every model (after Surprise's AlgoBase): adding a model means adding one file
 * on this interface with its spec (spec.ts) and one line in specs.ts; evaluation never knows which
 * model it scores.
 */

export interface TrainingProgress {
  epoch: number
  maxEpochs: number
  /** Training loss in training units: RMSE (squared loss) or mean log loss (logistic). */
  trainLoss: number
  /** Same measure on the validation slice; null without one. */
  validationLoss: number | null
  elapsedMs: number
  /** Rough time left if training ran to maxEpochs; null before the first epoch. */
  etaMs: number | null
}

export interface FitOptions {
  /** Entries held out for early stopping (same shape as train). Without it the model trains to maxEpochs. */
  validation?: SparseMatrix
  seed: number
  /** Aborting throws the signal's reason (an AbortError) at the next batch or epoch boundary. */
  signal?: AbortSignal
  onProgress?: (progress: TrainingProgress) => void
  /**
   * Awaited after each epoch, before the next starts: the place for checkpoints (toSaved) and for
   * benchmarks that score the current parameters (predict). Both reflect the epoch just finished.
   */
  onEpochEnd?: (progress: TrainingProgress) => Promise<void> | void
  /**
   * Called after every epoch that training goes on from (early stopping and learning-rate decay
   * applied), by models whose fit can be resumed (resume-state.ts); a model without epochs never
   * calls it, and retraining it from the start gives the same model.
   */
  onResumePoint?: (point: ResumePoint) => Promise<void> | void
  /** Go on from a captured state instead of from the start (same data, seed and configuration). */
  resumeFrom?: FitResumeState
}

export interface FitReport {
  epochs: number
  /** Epoch whose parameters were kept (the best on validation), or the last one without validation. */
  bestEpoch: number
  bestValidationLoss: number | null
  stoppedEarly: boolean
  curve: TrainingProgress[]
  elapsedMs: number
}

/** What is stored: JSON-able configuration and state, plus named Float32 arrays. */
export interface SavedModel {
  /** A kind of models/specs.ts, checked when the model is loaded (models/registry.ts). */
  kind: string
  config: Record<string, unknown>
  blobs: Record<string, Float32Array>
}

export interface Predictor {
  /** Predictions in original units, or probabilities for logistic (0/1) models. */
  predict(rows: Int32Array, cols: Int32Array): Promise<Float64Array>
  /** Frees engine resources (NNMF fold-in holds its own engine); a no-op for typed-array models. */
  dispose(): void
}

export interface FoldInOptions {
  seed: number
  signal?: AbortSignal
  /** Effort for iterative fold-ins (NNMF latent steps); closed-form models ignore it. */
  epochs?: number
}

export interface Model extends Predictor {
  readonly kind: string
  fit(train: SparseMatrix, options: FitOptions): Promise<FitReport>
  toSaved(): SavedModel
  /**
   * Fits the row parameters of new rows (indexed 0..r−1, same columns) with everything else fixed,
   * and returns a predictor for cells of those new rows. See training/fold-in.ts.
   */
  foldIn(newRows: SparseMatrix, options: FoldInOptions): Promise<Predictor>
  /** Frees engine resources (NNMF); a no-op for plain typed-array models. */
  dispose(): void
}

/** Yields to the event loop so an abort from a message handler can land between epochs. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => nextTurn(resolve))
}

/** setImmediate in Node; the renderer, which bundles the model specs for their names, never trains. */
const nextTurn: (callback: () => void) => void =
  (globalThis as { setImmediate?: (callback: () => void) => void }).setImmediate ?? ((callback) => setTimeout(callback, 0))

/**
 * Yields to the event loop at most every `intervalMs` inside a long synchronous-looking loop. The
 * CPU engines block the thread while a step runs, so without it a cancel message (job process) or
 * an abort only lands between epochs, and a SECOM epoch on a busy PC outlasts the job manager's
 * grace period: the job was killed and its pilot marked interrupted instead of cancelled.
 */
export class EventLoopBreather {
  private last = performance.now()

  constructor(private readonly intervalMs = 100) {}

  async maybeYield(): Promise<void> {
    const now = performance.now()
    if (now - this.last < this.intervalMs) return
    await yieldToEventLoop()
    this.last = performance.now()
  }
}
