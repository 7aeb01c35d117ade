import { subsetEntries, type SparseMatrix } from '../matrix/sparse.js'
import { createRng } from '../random.js'
import { seededPermutation } from '../training/split.js'
import type { PilotGoal } from './config.js'

/**
 * The pilot's hold-outs, one per repeat, each from its own seed derived from the pilot seed:
 *  - fill-cells: a random fraction of the observed cells is the test set;
 *  - new-rows: a random fraction of the rows (with at least 2 observations) is held out whole; each
 *    test row's cells are split in half (seeded): the "known" half is folded in, the other half is
 *    predicted and scored. Training sees only the other rows, re-indexed 0..n−1.
 *  - latest-period: the latest fraction of the entries by timestamp is the test set (entries
 *    without a time count as oldest). The test set is the same in every repeat; repeats differ in
 *    the validation slice and the models' seeds only.
 * In every case the validation slice (early stopping, λ and D) is a random part of the training
 * entries, never of the test set.
 */

export interface NewRowsPart {
  /** Original row index of each held-out row (new row i is originalRows[i]). */
  originalRows: Int32Array
  /** Cells of the held-out rows given to fold-in, rows indexed 0..r−1. */
  known: SparseMatrix
  /** Cells of the held-out rows to predict, rows indexed 0..r−1 (same entries as `test`). */
  toPredict: SparseMatrix
}

export interface PilotSplit {
  repeat: number
  /** Seed of this repeat (split, validation slice and model initialisation). */
  seed: number
  train: SparseMatrix
  validation: SparseMatrix
  /** Scored cells in the original matrix's row and column indices. */
  test: SparseMatrix
  /** Original row index of each row of `train` and `validation` (identity unless goal is new-rows). */
  trainRows: Int32Array
  newRows?: NewRowsPart
}

/** A 32-bit seed for (seed, salt...) by an integer hash (splitmix-like), so repeats are independent and reproducible. */
export function deriveSeed(seed: number, ...salts: number[]): number {
  let h = 0x9e3779b9
  // Each input is mixed in fully before the next, so (seed, salt) pairs cannot cancel out.
  for (const s of [seed, ...salts, salts.length]) {
    h = Math.imul(h ^ (s >>> 0), 0x85ebca6b) >>> 0
    h ^= h >>> 13
    h = Math.imul(h, 0xc2b2ae35) >>> 0
    h ^= h >>> 16
  }
  return h & 0x7fffffff
}

export interface HoldoutOptions {
  goal: PilotGoal
  fraction: number
  validationFraction: number
  repeats: number
  seed: number
}

export function makeSplits(matrix: SparseMatrix, options: HoldoutOptions): PilotSplit[] {
  return Array.from({ length: options.repeats }, (_, repeat) => makeSplit(matrix, options, repeat))
}

export function makeSplit(matrix: SparseMatrix, options: HoldoutOptions, repeat: number): PilotSplit {
  const seed = deriveSeed(options.seed, repeat)
  const rng = createRng(seed)
  const identity = Int32Array.from({ length: matrix.nRows }, (_, i) => i)
  if (options.goal === 'new-rows') return newRowsSplit(matrix, options, repeat, seed)
  let testIdx: ArrayLike<number>
  let restIdx: ArrayLike<number>
  if (options.goal === 'latest-period') {
    ;({ testIdx, restIdx } = latestEntries(matrix, options.fraction))
  } else {
    const order = seededPermutation(matrix.values.length, rng)
    const nTest = heldOutCount(matrix.values.length, options.fraction)
    testIdx = order.subarray(0, nTest)
    restIdx = order.subarray(nTest)
  }
  const { train, validation } = validationSlice(matrix, restIdx, options.validationFraction, seed)
  return { repeat, seed, train, validation, test: subsetEntries(matrix, sorted(testIdx)), trainRows: identity }
}

function heldOutCount(n: number, fraction: number): number {
  const k = Math.floor(n * fraction)
  return n >= 2 ? Math.min(n - 1, Math.max(1, k)) : 0
}

/** Indices in increasing order, so subsets keep the matrix's entry order. */
function sorted(indices: ArrayLike<number>): Int32Array {
  return Int32Array.from(indices).sort()
}

function validationSlice(matrix: SparseMatrix, restIdx: ArrayLike<number>, fraction: number, seed: number): { train: SparseMatrix; validation: SparseMatrix } {
  const order = seededPermutation(restIdx.length, createRng(deriveSeed(seed, 1)))
  const nVal = heldOutCount(restIdx.length, fraction)
  const pick = (from: number, to: number): Int32Array => sorted(Array.from(order.subarray(from, to), (k) => restIdx[k]!))
  return { validation: subsetEntries(matrix, pick(0, nVal)), train: subsetEntries(matrix, pick(nVal, order.length)) }
}

function latestEntries(matrix: SparseMatrix, fraction: number): { testIdx: Int32Array; restIdx: Int32Array } {
  const times = matrix.times
  if (!times) throw new Error('latest-period hold-out needs entry times')
  const n = matrix.values.length
  const time = (i: number): number => (Number.isNaN(times[i]!) ? -Infinity : times[i]!)
  // Oldest first; ties by entry index so the order never depends on the sort implementation.
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => time(a) - time(b) || a - b)
  const nTest = heldOutCount(n, fraction)
  return { testIdx: order.slice(n - nTest), restIdx: order.slice(0, n - nTest) }
}

function newRowsSplit(matrix: SparseMatrix, options: HoldoutOptions, repeat: number, seed: number): PilotSplit {
  const rng = createRng(seed)
  const count = new Int32Array(matrix.nRows)
  for (const r of matrix.rows) count[r]!++
  const eligible = Int32Array.from({ length: matrix.nRows }, (_, i) => i).filter((r) => count[r]! >= 2)
  const nHeld = Math.min(eligible.length, Math.max(1, Math.floor(matrix.nRows * options.fraction)))
  if (nHeld < 1 || matrix.nRows - nHeld < 1) throw new Error('new-rows hold-out: not enough rows with two or more observations')
  const perm = seededPermutation(eligible.length, rng)
  const originalRows = Int32Array.from(perm.subarray(0, nHeld), (k) => eligible[k]!).sort()
  const newIndex = new Int32Array(matrix.nRows).fill(-1)
  originalRows.forEach((r, i) => (newIndex[r] = i))
  const trainRows = Int32Array.from({ length: matrix.nRows }, (_, i) => i).filter((r) => newIndex[r] === -1)
  const trainIndex = new Int32Array(matrix.nRows).fill(-1)
  trainRows.forEach((r, i) => (trainIndex[r] = i))

  // Entries of each held-out row, in entry order, then a seeded half of them "known".
  const byRow: number[][] = Array.from({ length: nHeld }, () => [])
  const rest: number[] = []
  for (let i = 0; i < matrix.values.length; i++) {
    const k = newIndex[matrix.rows[i]!]!
    if (k >= 0) byRow[k]!.push(i)
    else rest.push(i)
  }
  const known: number[] = []
  const toPredict: number[] = []
  for (const entries of byRow) {
    const p = seededPermutation(entries.length, rng)
    const nKnown = Math.max(1, Math.floor(entries.length / 2))
    p.forEach((k, j) => (j < nKnown ? known : toPredict).push(entries[k]!))
  }
  const reindex = (m: SparseMatrix, index: Int32Array, nRows: number): SparseMatrix => ({ ...m, nRows, rows: Int32Array.from(m.rows, (r) => index[r]!) })
  const { train, validation } = validationSlice(matrix, rest, options.validationFraction, seed)
  const knownM = subsetEntries(matrix, sorted(known))
  const testM = subsetEntries(matrix, sorted(toPredict))
  return {
    repeat,
    seed,
    train: reindex(train, trainIndex, trainRows.length),
    validation: reindex(validation, trainIndex, trainRows.length),
    test: testM,
    trainRows,
    newRows: { originalRows, known: reindex(knownM, newIndex, nHeld), toPredict: reindex(testM, newIndex, nHeld) },
  }
}
