import type { SparseMatrix } from '../matrix/sparse.js'
import type { Predictor } from '../models/model.js'

/**
 * The matrix walked in blocks of whole rows, so exports never hold more than one block of cells
 * (predictions included) however large the matrix. Relies on loadMatrix's order: entries sorted
 * by row, then column.
 */

/** Cells per block: large enough that predict calls are few, small enough to keep memory flat (~4 MB). */
export const BLOCK_CELLS = 1 << 18

export interface CompletedBlock {
  rowStart: number
  rowEnd: number
  /** (rowEnd − rowStart) × nCols values, row-major: observed values where observed, else the prediction. */
  values: Float64Array
  /** 1 where the cell was observed. */
  observed: Uint8Array
}

function rowsPerBlock(nCols: number, blockCells: number): number {
  return Math.max(1, Math.floor(blockCells / Math.max(1, nCols)))
}

/** Dense blocks of the completed matrix: every cell, observed ones kept, missing ones predicted. */
export async function* completedBlocks(matrix: SparseMatrix, predictor: Predictor, blockCells = BLOCK_CELLS): AsyncGenerator<CompletedBlock> {
  const { nRows, nCols } = matrix
  const step = rowsPerBlock(nCols, blockCells)
  let e = 0
  for (let rowStart = 0; rowStart < nRows; rowStart += step) {
    const rowEnd = Math.min(nRows, rowStart + step)
    const size = (rowEnd - rowStart) * nCols
    const values = new Float64Array(size)
    const observed = new Uint8Array(size)
    for (; e < matrix.rows.length && matrix.rows[e]! < rowEnd; e++) {
      const k = (matrix.rows[e]! - rowStart) * nCols + matrix.cols[e]!
      values[k] = matrix.values[e]!
      observed[k] = 1
    }
    const missing = gatherMissing(observed, rowStart, nCols)
    if (missing.rows.length > 0) {
      const predicted = await predictor.predict(missing.rows, missing.cols)
      for (let i = 0; i < missing.rows.length; i++) values[missing.offsets[i]!] = predicted[i]!
    }
    yield { rowStart, rowEnd, values, observed }
  }
}

function gatherMissing(observed: Uint8Array, rowStart: number, nCols: number): { rows: Int32Array; cols: Int32Array; offsets: Int32Array } {
  let n = 0
  for (let k = 0; k < observed.length; k++) if (observed[k] === 0) n++
  const rows = new Int32Array(n)
  const cols = new Int32Array(n)
  const offsets = new Int32Array(n)
  for (let k = 0, i = 0; k < observed.length; k++) {
    if (observed[k] !== 0) continue
    rows[i] = rowStart + Math.floor(k / nCols)
    cols[i] = k % nCols
    offsets[i++] = k
  }
  return { rows, cols, offsets }
}

export interface MissingBlock {
  /** The unobserved cells of a block of rows, row-major order. */
  rows: Int32Array
  cols: Int32Array
  /** One prediction array per predictor, aligned with rows/cols. */
  predictions: Float64Array[]
}

/** The unobserved cells in blocks, each predicted by every predictor given. */
export async function* missingBlocks(matrix: SparseMatrix, predictors: readonly Predictor[], blockCells = BLOCK_CELLS): AsyncGenerator<MissingBlock> {
  const { nRows, nCols } = matrix
  const step = rowsPerBlock(nCols, blockCells)
  let e = 0
  for (let rowStart = 0; rowStart < nRows; rowStart += step) {
    const rowEnd = Math.min(nRows, rowStart + step)
    const observed = new Uint8Array((rowEnd - rowStart) * nCols)
    for (; e < matrix.rows.length && matrix.rows[e]! < rowEnd; e++) observed[(matrix.rows[e]! - rowStart) * nCols + matrix.cols[e]!] = 1
    const { rows, cols } = gatherMissing(observed, rowStart, nCols)
    if (rows.length === 0) continue
    const predictions: Float64Array[] = []
    for (const p of predictors) predictions.push(await p.predict(rows, cols))
    yield { rows, cols, predictions }
  }
}
