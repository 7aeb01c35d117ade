import type { SparseMatrix } from '../../../src-main/core/matrix/sparse.js'
import type { NnmfEngineFactory } from '../../../src-main/core/models/nnmf/engine.js'
import { createFastCpuEngine } from '../../../src-main/core/models/nnmf/fastcpu/index.js'
import type { PilotConfig } from '../../../src-main/core/pilot/config.js'
import type { PilotEngine, PilotInput } from '../../../src-main/core/pilot/runner.js'
import { createRng } from '../../../src-main/core/random.js'

/** A random `fraction` of an nRows × nCols truth observed with Gaussian noise, entries in row order. */
export function plantedMatrix(
  nRows: number,
  nCols: number,
  fraction: number,
  truth: (r: number, c: number) => number,
  options: { seed: number; noise: number; times?: boolean },
): SparseMatrix {
  const rng = createRng(options.seed)
  const rows: number[] = []
  const cols: number[] = []
  const values: number[] = []
  const times: number[] = []
  for (let r = 0; r < nRows; r++) {
    for (let c = 0; c < nCols; c++) {
      if (rng.next() >= fraction) continue
      rows.push(r)
      cols.push(c)
      values.push(truth(r, c) + options.noise * rng.normal())
      times.push(Math.floor(rng.next() * 1000))
    }
  }
  return {
    nRows,
    nCols,
    rows: Int32Array.from(rows),
    cols: Int32Array.from(cols),
    values: Float64Array.from(values),
    ...(options.times ? { times: Float64Array.from(times) } : {}),
  }
}

/** |a_r · b_c| for 3-D factors: far from low rank, easy for the network (as in the model tests). */
export function absoluteInteraction(nRows: number, nCols: number, seed: number): (r: number, c: number) => number {
  const rng = createRng(seed)
  const a = Float64Array.from({ length: nRows * 3 }, () => rng.normal())
  const b = Float64Array.from({ length: nCols * 3 }, () => rng.normal())
  return (r, c) => Math.abs(a[3 * r]! * b[3 * c]! + a[3 * r + 1]! * b[3 * c + 1]! + a[3 * r + 2]! * b[3 * c + 2]!)
}

/** Rank-`rank` factors plus row and column offsets. */
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

export function inputOf(matrix: SparseMatrix, overrides: Partial<PilotInput['dataset']> = {}): PilotInput {
  return {
    matrix,
    colLabels: Array.from({ length: matrix.nCols }, (_, c) => `c${c}`),
    dataset: { id: 1, name: 'planted', dataHash: 'h', valueKind: 'numeric', layout: 'long', hasTime: Boolean(matrix.times), ...overrides },
  }
}

const oneThread: NnmfEngineFactory = (setup) => createFastCpuEngine(setup, { threads: 1 })
export const TEST_ENGINE: PilotEngine = { name: 'fastcpu', label: 'fast CPU, 1 thread (test)', factory: oneThread }

/** A small network and short grids so a whole pilot on a planted 120 × 100 matrix takes seconds. */
export const SMALL_EFFORT: NonNullable<PilotConfig['effortOverrides']> = {
  validationFraction: 0.1,
  bias: { lambdaGrid: [1, 10, 100] },
  mf: { dGrid: [2, 8], lambdaGrid: [1, 10, 100], maxEpochs: 30 },
  nnmf: { lambdaGrid: [0.3], hidden: [32, 32], d: 4, dPrime: 8, batchSize: 256, learningRate: 1e-2, maxEpochs: 400, patience: 15, foldInEpochs: 40 },
}
