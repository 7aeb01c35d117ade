import type { SparseMatrix } from '../matrix/sparse.js'
import type { LossKind } from './nnmf/engine.js'

/**
 * The solver behind the bias and biased-MF models: f(n, m) = μ + b_n + c_m + U_n·V_m, fit by
 * alternating exact ridge solves (ALS). With every column fixed, each row's [b_n, U_n] is a small
 * ridge regression solved in closed form, then the same for the columns. For squared loss each
 * half-sweep is the exact minimiser of
 *   Σ (f − y)² + λ_b (Σ b² + Σ c²) + λ (‖U‖² + ‖V‖²)
 * in its block. For logistic loss each half-sweep is one Newton (IRLS) step on
 *   Σ [softplus(f) − y f] + ½ λ_b (Σ b² + Σ c²) + ½ λ (‖U‖² + ‖V‖²).
 * Why ALS rather than SGD: no learning rate to tune, a handful of sweeps converge, and each sweep
 * is deterministic and cheap ((d+1)² per entry).
 * With d = 0 it is the regularised row and column bias model.
 */

export interface FactorState {
  d: number
  mu: number
  rowBias: Float64Array
  colBias: Float64Array
  /** nRows × d, row-major. */
  U: Float64Array
  /** nCols × d, row-major. */
  V: Float64Array
}

/** Entries grouped by row or by column: `order[start[i]..start[i+1])` are the entries of i. */
export interface EntryIndex {
  start: Int32Array
  order: Int32Array
}

export function indexBy(keys: Int32Array, n: number): EntryIndex {
  const start = new Int32Array(n + 1)
  for (let i = 0; i < keys.length; i++) start[keys[i]! + 1]!++
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!
  const fill = start.slice(0, n)
  const order = new Int32Array(keys.length)
  for (let i = 0; i < keys.length; i++) order[fill[keys[i]!]!++] = i
  return { start, order }
}

export function predictRaw(state: FactorState, rows: Int32Array, cols: Int32Array, out = new Float64Array(rows.length)): Float64Array {
  const { d, U, V, rowBias, colBias, mu } = state
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!
    const c = cols[i]!
    let f = mu + rowBias[r]! + colBias[c]!
    for (let k = 0; k < d; k++) f += U[r * d + k]! * V[c * d + k]!
    out[i] = f
  }
  return out
}

export interface RidgeOptions {
  loss: LossKind
  lambda: number
  lambdaBias: number
}

/**
 * Re-solves the [bias, latents] of every "own" index (rows when own = rows) with the other side
 * fixed. ownBias/ownLatents are updated in place.
 */
export function solveSide(
  values: Float64Array,
  other: Int32Array,
  index: EntryIndex,
  mu: number,
  ownBias: Float64Array,
  ownLatents: Float64Array,
  otherBias: Float64Array,
  otherLatents: Float64Array,
  d: number,
  options: RidgeOptions,
): void {
  const p = d + 1
  const A = new Float64Array(p * p)
  const b = new Float64Array(p)
  const x = new Float64Array(p)
  const theta = new Float64Array(p)
  const logistic = options.loss === 'logistic'
  const nOwn = ownBias.length
  for (let n = 0; n < nOwn; n++) {
    A.fill(0)
    b.fill(0)
    theta[0] = ownBias[n]!
    for (let k = 0; k < d; k++) theta[k + 1] = ownLatents[n * d + k]!
    for (let j = index.start[n]!; j < index.start[n + 1]!; j++) {
      const e = index.order[j]!
      const m = other[e]!
      x[0] = 1
      for (let k = 0; k < d; k++) x[k + 1] = otherLatents[m * d + k]!
      const offset = mu + otherBias[m]!
      let w = 1
      let z = values[e]! - offset
      if (logistic) {
        // IRLS: weight p(1−p) and working response θ·x + (y − p)/w give one Newton step.
        let f = offset
        for (let k = 0; k < p; k++) f += theta[k]! * x[k]!
        const prob = 1 / (1 + Math.exp(-f))
        w = Math.max(prob * (1 - prob), 1e-6)
        z = f - offset + (values[e]! - prob) / w
      }
      for (let r = 0; r < p; r++) {
        const wx = w * x[r]!
        b[r]! += wx * z
        for (let c = 0; c <= r; c++) A[r * p + c]! += wx * x[c]!
      }
    }
    A[0]! += options.lambdaBias
    for (let k = 1; k < p; k++) A[k * p + k]! += options.lambda
    choleskySolveInPlace(A, b, p)
    ownBias[n] = b[0]!
    for (let k = 0; k < d; k++) ownLatents[n * d + k] = b[k + 1]!
  }
}

/** Solves A x = b for symmetric positive definite A (lower triangle used), x written into b. */
function choleskySolveInPlace(A: Float64Array, b: Float64Array, p: number): void {
  for (let j = 0; j < p; j++) {
    let s = A[j * p + j]!
    for (let k = 0; k < j; k++) s -= A[j * p + k]! * A[j * p + k]!
    const diag = Math.sqrt(Math.max(s, 1e-12))
    A[j * p + j] = diag
    for (let i = j + 1; i < p; i++) {
      let t = A[i * p + j]!
      for (let k = 0; k < j; k++) t -= A[i * p + k]! * A[j * p + k]!
      A[i * p + j] = t / diag
    }
  }
  for (let i = 0; i < p; i++) {
    let t = b[i]!
    for (let k = 0; k < i; k++) t -= A[i * p + k]! * b[k]!
    b[i] = t / A[i * p + i]!
  }
  for (let i = p - 1; i >= 0; i--) {
    let t = b[i]!
    for (let k = i + 1; k < p; k++) t -= A[k * p + i]! * b[k]!
    b[i] = t / A[i * p + i]!
  }
}

export function cloneState(s: FactorState): FactorState {
  return { d: s.d, mu: s.mu, rowBias: s.rowBias.slice(), colBias: s.colBias.slice(), U: s.U.slice(), V: s.V.slice() }
}

/** Row parameters for new rows with the columns fixed: one exact solve (squared) or a few Newton steps (logistic). */
export function foldInRows(state: FactorState, newRows: SparseMatrix, options: RidgeOptions): { rowBias: Float64Array; U: Float64Array } {
  const rowBias = new Float64Array(newRows.nRows)
  const U = new Float64Array(newRows.nRows * state.d)
  const index = indexBy(newRows.rows, newRows.nRows)
  const sweeps = options.loss === 'logistic' ? 10 : 1
  for (let s = 0; s < sweeps; s++) {
    solveSide(newRows.values, newRows.cols, index, state.mu, rowBias, U, state.colBias, state.V, state.d, options)
  }
  return { rowBias, U }
}
