import type { SparseMatrix } from '../matrix/sparse.js'

/**
 * Per-column centring and scaling, fit on training entries only, so mixed-unit sensor columns
 * (bar, °C, ppm) weigh alike in the loss. Models train on scaled values and map predictions back.
 * Columns with no training entries or zero spread keep scale 1 (and centre 0 when empty).
 * Columns with entries but zero spread are constant: their predictions are their constant exactly,
 * whatever the model outputs (a sensor always at 0.03 must not come back as 0.0165).
 * Stored as plain numbers so a saved model reproduces its predictions exactly.
 */
export interface ColumnScalerState {
  means: number[]
  scales: number[]
  /** Indices of the columns constant in training; absent in states saved before it existed (none pinned). */
  constant?: number[]
}

export class ColumnScaler {
  private constructor(
    readonly means: Float64Array,
    readonly scales: Float64Array,
    /** 1 for a column constant in training. */
    readonly constant: Uint8Array,
  ) {}

  static fit(train: SparseMatrix): ColumnScaler {
    const { means, spreads, counts } = columnMoments(train)
    const constant = Uint8Array.from(spreads, (sd, c) => (sd === 0 && counts[c]! > 0 ? 1 : 0))
    // The centre of a constant column is one of its values: the sum's rounding (0.03 × 40 / 40 is
    // 0.03000000000000002) must not alter the constant it is predicted as.
    const pinned = new Uint8Array(train.nCols)
    for (let i = 0; i < train.values.length; i++) {
      const c = train.cols[i]!
      if (constant[c] && !pinned[c]) {
        means[c] = train.values[i]!
        pinned[c] = 1
      }
    }
    return new ColumnScaler(
      means,
      spreads.map((sd) => (sd > 0 ? sd : 1)),
      constant,
    )
  }

  static fromState(state: ColumnScalerState): ColumnScaler {
    const constant = new Uint8Array(state.means.length)
    for (const c of state.constant ?? []) constant[c] = 1
    return new ColumnScaler(Float64Array.from(state.means), Float64Array.from(state.scales), constant)
  }

  toState(): ColumnScalerState {
    const constant: number[] = []
    this.constant.forEach((flag, c) => {
      if (flag) constant.push(c)
    })
    return { means: Array.from(this.means), scales: Array.from(this.scales), constant }
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

  /** Scaled predictions back to original units, in place; constant columns get their constant. */
  inverseInPlace(values: Float64Array, cols: Int32Array): Float64Array {
    for (let i = 0; i < values.length; i++) {
      const c = cols[i]!
      values[i] = this.constant[c] ? this.means[c]! : values[i]! * this.scales[c]! + this.means[c]!
    }
    return values
  }
}

/**
 * Each column's mean (0 when empty) and population standard deviation, the latter 0 for empty
 * columns and for spreads below 1e-12 of the mean's size (constant up to rounding).
 */
export function columnMoments(matrix: SparseMatrix): { means: Float64Array; spreads: Float64Array; counts: Float64Array } {
  const count = new Float64Array(matrix.nCols)
  const sum = new Float64Array(matrix.nCols)
  for (let i = 0; i < matrix.values.length; i++) {
    count[matrix.cols[i]!]!++
    sum[matrix.cols[i]!]! += matrix.values[i]!
  }
  const means = new Float64Array(matrix.nCols)
  for (let c = 0; c < matrix.nCols; c++) means[c] = count[c]! > 0 ? sum[c]! / count[c]! : 0
  // Two passes for the spread: sensor values with a large offset lose precision in Σx² − n·mean².
  const m2 = new Float64Array(matrix.nCols)
  for (let i = 0; i < matrix.values.length; i++) {
    const c = matrix.cols[i]!
    const d = matrix.values[i]! - means[c]!
    m2[c]! += d * d
  }
  const spreads = new Float64Array(matrix.nCols)
  for (let c = 0; c < matrix.nCols; c++) {
    const sd = count[c]! > 0 ? Math.sqrt(m2[c]! / count[c]!) : 0
    spreads[c] = sd > 1e-12 * Math.max(1, Math.abs(means[c]!)) ? sd : 0
  }
  return { means, spreads, counts: count }
}
