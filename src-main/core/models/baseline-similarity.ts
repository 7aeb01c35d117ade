import type { EntryIndex } from './alternating-ridge.js'
import { EventLoopBreather } from './model.js'

/**
 * The two halves of Surprise's KNNBaseline that do not depend on which side is the item: the
 * baseline μ + b_row + b_col fitted by ALS, and the shrunk Pearson-baseline similarity of two
 * vectors of baseline residuals. The kNN model (knn.ts) compares columns with them; the row
 * neighbour view (row-neighbours.ts) compares rows.
 */
export interface BaselineOptions {
  baselineSweeps: number
  regRow: number
  regCol: number
}

export interface Baselines {
  mu: number
  rowBias: Float32Array
  colBias: Float32Array
}

/**
 * Surprise's baseline ALS: μ, then per sweep every column's bias, then every row's, each in closed
 * form. Yields to the event loop between half-sweeps: on the main process (the row view) a sweep of
 * millions of cells must not hold up other requests.
 */
export async function fitBaselines(
  values: Float32Array,
  rows: Int32Array,
  cols: Int32Array,
  byRow: EntryIndex,
  byCol: EntryIndex,
  options: BaselineOptions,
  breather = new EventLoopBreather(),
): Promise<Baselines> {
  let sum = 0
  for (const v of values) sum += v
  const mu = values.length > 0 ? sum / values.length : 0
  const rowBias = new Float64Array(byRow.start.length - 1)
  const colBias = new Float64Array(byCol.start.length - 1)
  const solve = (own: Float64Array, index: EntryIndex, other: Int32Array, otherBias: Float64Array, reg: number): void => {
    for (let n = 0; n < own.length; n++) {
      let deviation = 0
      for (let j = index.start[n]!; j < index.start[n + 1]!; j++) {
        const e = index.order[j]!
        deviation += values[e]! - mu - otherBias[other[e]!]!
      }
      own[n] = deviation / (reg + index.start[n + 1]! - index.start[n]!)
    }
  }
  for (let sweep = 0; sweep < options.baselineSweeps; sweep++) {
    solve(colBias, byCol, rows, rowBias, options.regCol)
    await breather.maybeYield()
    solve(rowBias, byRow, cols, colBias, options.regRow)
    await breather.maybeYield()
  }
  return { mu, rowBias: Float32Array.from(rowBias), colBias: Float32Array.from(colBias) }
}

/** Each cell's value minus its baseline, d = value − (μ + b_row + b_col). */
export function baselineResiduals(values: Float32Array, rows: Int32Array, cols: Int32Array, baselines: Baselines): Float64Array {
  const { mu, rowBias, colBias } = baselines
  const residual = new Float64Array(values.length)
  for (let e = 0; e < values.length; e++) residual[e] = values[e]! - (mu + rowBias[rows[e]!]! + colBias[cols[e]!]!)
  return residual
}

/**
 * Surprise's pearson_baseline from its sums over the n cells two vectors share, shrunk towards 0
 * when n is small: Σ d_a d_b / √(Σ d_a² Σ d_b²) · (n − 1) / (n − 1 + shrinkage); 0 below two shared cells.
 */
export function shrunkPearson(prods: number, sqA: number, sqB: number, n: number, shrinkage: number): number {
  const denominator = Math.sqrt(sqA * sqB)
  return n >= 2 && denominator > 0 ? (prods / denominator) * ((n - 1) / (n - 1 + shrinkage)) : 0
}
