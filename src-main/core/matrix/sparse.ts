/**
 * Observed cells of a rows × columns matrix in coordinate form. Everything between the store and
 * the models speaks this shape: entry i is (rows[i], cols[i]) = values[i].
 */
export interface SparseMatrix {
  nRows: number
  nCols: number
  rows: Int32Array
  cols: Int32Array
  values: Float64Array
  /** Optional timestamp per entry (milliseconds since the epoch), for hold-outs by time. */
  times?: Float64Array
}

export function entryCount(matrix: SparseMatrix): number {
  return matrix.values.length
}

/** Picks the entries at `indices`, keeping the matrix shape. */
export function subsetEntries(matrix: SparseMatrix, indices: ArrayLike<number>): SparseMatrix {
  const n = indices.length
  const rows = new Int32Array(n)
  const cols = new Int32Array(n)
  const values = new Float64Array(n)
  const times = matrix.times ? new Float64Array(n) : undefined
  for (let i = 0; i < n; i++) {
    const k = indices[i]!
    rows[i] = matrix.rows[k]!
    cols[i] = matrix.cols[k]!
    values[i] = matrix.values[k]!
    if (times) times[i] = matrix.times![k]!
  }
  return { nRows: matrix.nRows, nCols: matrix.nCols, rows, cols, values, ...(times ? { times } : {}) }
}
