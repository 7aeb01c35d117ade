import type { SparseMatrix } from '../matrix/sparse.js'
import { logLoss, rmse } from '../eval/metrics.js'
import { ColumnScaler, type ColumnScalerState } from './scaling.js'

/**
 * The space a model trains in, shared by every model so they all report the same units:
 *  - squared loss: values optionally centred and scaled per column (ColumnScaler); predictions are
 *    clipped to the range of the training targets, then mapped back to original units, columns
 *    constant in training to their constant. Only scaled (wide sensor) tables pin constants: in a
 *    long rating-like table a column whose two ratings agree is a small sample, not a fixed sensor;
 *  - logistic loss (0/1 failure matrices): the model outputs logits; predictions are probabilities.
 * Validation loss is the RMSE in training units (squared) or the mean log loss (logistic).
 */
/** What a model minimises: squared error on values, or log loss on 0/1 failures (outputs are logits). */
export type LossKind = 'squared' | 'logistic'

export interface TargetConfig {
  loss: LossKind
  /** Per-column centring and scaling (squared loss only). Default on for wide sensor data, see defaultScaling. */
  scaling: boolean
}

export interface TargetSpaceState {
  loss: LossKind
  scaler: ColumnScalerState | null
  /** Range of the training targets in training units (squared loss), for clipping. */
  lo: number
  hi: number
}

/** Wide sensor tables have mixed units: scale them. Long rating-like data and 0/1 data: do not. */
export function defaultScaling(layout: 'wide' | 'long', valueKind: 'numeric' | 'binary'): boolean {
  return layout === 'wide' && valueKind === 'numeric'
}

export class TargetSpace {
  private constructor(
    readonly loss: LossKind,
    readonly scaler: ColumnScaler | null,
    readonly lo: number,
    readonly hi: number,
  ) {}

  static fit(train: SparseMatrix, config: TargetConfig): TargetSpace {
    if (config.loss === 'logistic') {
      for (const v of train.values) if (v !== 0 && v !== 1) throw new Error(`logistic loss needs 0/1 values, found ${v}`)
      return new TargetSpace('logistic', null, 0, 1)
    }
    const scaler = config.scaling ? ColumnScaler.fit(train) : null
    const values = scaler ? scaler.transform(train).values : train.values
    let lo = Infinity
    let hi = -Infinity
    for (const v of values) {
      if (v < lo) lo = v
      if (v > hi) hi = v
    }
    return new TargetSpace('squared', scaler, lo, hi)
  }

  static fromState(state: TargetSpaceState): TargetSpace {
    return new TargetSpace(state.loss, state.scaler ? ColumnScaler.fromState(state.scaler) : null, state.lo, state.hi)
  }

  toState(): TargetSpaceState {
    return { loss: this.loss, scaler: this.scaler ? this.scaler.toState() : null, lo: this.lo, hi: this.hi }
  }

  /** Values in training units. */
  toTraining(matrix: SparseMatrix): SparseMatrix {
    return this.scaler ? this.scaler.transform(matrix) : matrix
  }

  /** Raw model outputs (training units or logits) to original units or probabilities, in place. */
  toOriginalInPlace(raw: Float64Array, cols: Int32Array): Float64Array {
    if (this.loss === 'logistic') {
      for (let i = 0; i < raw.length; i++) raw[i] = 1 / (1 + Math.exp(-raw[i]!))
      return raw
    }
    for (let i = 0; i < raw.length; i++) raw[i] = Math.min(this.hi, Math.max(this.lo, raw[i]!))
    return this.scaler ? this.scaler.inverseInPlace(raw, cols) : raw
  }

  /**
   * Loss of raw outputs against targets already in training units: log loss, or the RMSE of
   * predictions and targets both clipped to the training range. Predictions never leave that range,
   * so a target beyond it only adds error no model can reduce; unclipped, one such cell can own the
   * score: a SECOM validation cell sits 1584 training SDs from its column's mean and made the
   * validation RMSE 7.6 where every other cell gave 0.89, so early stopping and the λ choice would
   * have followed that one cell.
   */
  score(raw: ArrayLike<number>, targets: ArrayLike<number>): number {
    const out = new Float64Array(raw.length)
    if (this.loss === 'logistic') {
      for (let i = 0; i < out.length; i++) out[i] = 1 / (1 + Math.exp(-raw[i]!))
      return logLoss(out, targets)
    }
    const clip = (x: number): number => Math.min(this.hi, Math.max(this.lo, x))
    const clippedTargets = new Float64Array(targets.length)
    for (let i = 0; i < out.length; i++) {
      out[i] = clip(raw[i]!)
      clippedTargets[i] = clip(targets[i]!)
    }
    return rmse(out, clippedTargets)
  }

  /** The natural offset of the raw output: the training mean, or its logit. */
  baseline(trainingValues: Float64Array): number {
    let sum = 0
    for (const v of trainingValues) sum += v
    const mean = trainingValues.length > 0 ? sum / trainingValues.length : 0
    if (this.loss === 'squared') return mean
    const p = Math.min(1 - 1e-6, Math.max(1e-6, mean))
    return Math.log(p / (1 - p))
  }
}
