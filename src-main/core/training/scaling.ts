import type { SparseMatrix } from '../matrix/sparse.js'

/**
 * Per-column centring and scaling, fit on training entries only, so mixed-unit sensor columns
 * (bar, °C, ppm) weigh alike in the loss. Models train on scaled values and map predictions back.
 * Columns with no training entries or zero spread keep scale 1 (and centre 0 when empty).
 * Stored as plain numbers so a saved model reproduces its predictions exactly.
 */
export interface ColumnScalerState {
  means: number[]
  scales: number[]
}

export class ColumnScaler {
  private constructor(
    readonly means: Float64Array,
    readonly scales: Float64Array,
  ) {}

  static fit(train: SparseMatrix): ColumnScaler {
    const count = new Float64Array(train.nCols)
    const sum = new Float64Array(train.nCols)
    for (let i = 0; i < train.values.length; i++) {
      count[train.cols[i]!]!++
      sum[train.cols[i]!]! += train.values[i]!
    }
    const means = new Float64Array(train.nCols)
    for (let c = 0; c < train.nCols; c++) means[c] = count[c]! > 0 ? sum[c]! / count[c]! : 0
    // Two passes for the spread: sensor values with a large offset lose precision in Σx² − n·mean².
    const m2 = new Float64Array(train.nCols)
    for (let i = 0; i < train.values.length; i++) {
      const c = train.cols[i]!
      const d = train.values[i]! - means[c]!
      m2[c]! += d * d
    }
    const scales = new Float64Array(train.nCols)
    for (let c = 0; c < train.nCols; c++) {
      const std = count[c]! > 0 ? Math.sqrt(m2[c]! / count[c]!) : 0
      scales[c] = std > 1e-12 * Math.max(1, Math.abs(means[c]!)) ? std : 1
    }
    return new ColumnScaler(means, scales)
  }

  static fromState(state: ColumnScalerState): ColumnScaler {
    return new ColumnScaler(Float64Array.from(state.means), Float64Array.from(state.scales))
  }

  toState(): ColumnScalerState {
    return { means: Array.from(this.means), scales: Array.from(this.scales) }
  }

  /** The same entries in scaled units. */
  transform(matrix: SparseMatrix): SparseMatrix {
    const values = new Float64Array(matrix.values.length)
    for (let i = 0; i < values.length; i++) {
      const c = matrix.cols[i]!
      values[i] = (matrix.values[i]! - this.means[c]!) / this.scales[c]!
    }
    return { ...matrix, values }
  }

  /** Scaled predictions back to original units, in place. */
  inverseInPlace(values: Float64Array, cols: Int32Array): Float64Array {
    for (let i = 0; i < values.length; i++) {
      const c = cols[i]!
      values[i] = values[i]! * this.scales[c]! + this.means[c]!
    }
    return values
  }
}
