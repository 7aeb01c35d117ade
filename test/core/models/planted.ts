import type { SparseMatrix } from '../../../src-main/core/matrix/sparse.js'
import { createRng } from '../../../src-main/core/random.js'

/**
 * Planted matrices for model tests: a full nRows × nCols truth from which a random fraction is
 * observed with Gaussian noise. Returns the noisy train entries and noise-free held-out entries
 * (so a perfect model scores the noise floor σ on noisy test values when `noisyTest` is set).
 */
export interface Planted {
  train: SparseMatrix
  test: SparseMatrix
}

export function plant(
  nRows: number,
  nCols: number,
  fraction: number,
  truth: (r: number, c: number) => number,
  options: { seed: number; noise: number; testFraction?: number },
): Planted {
  const rng = createRng(options.seed)
  const tr: [number, number, number][] = []
  const te: [number, number, number][] = []
  const testFraction = options.testFraction ?? 0.2
  for (let r = 0; r < nRows; r++) {
    for (let c = 0; c < nCols; c++) {
      const u = rng.next()
      if (u >= fraction) continue
      const value = truth(r, c) + options.noise * rng.normal()
      ;(u < fraction * testFraction ? te : tr).push([r, c, value])
    }
  }
  const toMatrix = (cells: [number, number, number][]): SparseMatrix => ({
    nRows,
    nCols,
    rows: Int32Array.from(cells, (x) => x[0]),
    cols: Int32Array.from(cells, (x) => x[1]),
    values: Float64Array.from(cells, (x) => x[2]),
  })
  return { train: toMatrix(tr), test: toMatrix(te) }
}

/** Factors with standard normal entries: truth(r, c) = U_r · V_c / √rank + offsets. */
export function lowRank(nRows: number, nCols: number, rank: number, seed: number): (r: number, c: number) => number {
  const rng = createRng(seed)
  const U = Float64Array.from({ length: nRows * rank }, () => rng.normal())
  const V = Float64Array.from({ length: nCols * rank }, () => rng.normal())
  const rowOffset = Float64Array.from({ length: nRows }, () => 0.5 * rng.normal())
  const colOffset = Float64Array.from({ length: nCols }, () => 0.5 * rng.normal())
  return (r, c) => {
    let s = 3 + rowOffset[r]! + colOffset[c]!
    for (let k = 0; k < rank; k++) s += (U[r * rank + k]! * V[c * rank + k]!) / Math.sqrt(rank)
    return s
  }
}
