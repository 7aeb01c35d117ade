import { indexBy, type EntryIndex } from './alternating-ridge.js'
import { baselineResiduals, shrunkPearson, type Baselines } from './baseline-similarity.js'

/**
 * "This machine behaves like these": a row's most similar rows by the kNN model's own measure
 * turned sideways, the shrunk Pearson-baseline similarity of two rows over the columns both have.
 * The kNN model compares columns; analysts ask about rows, so this compares rows on the same
 * baseline residuals, on demand for one row: the work is the cells of the columns that row has
 * (at most every cell once), so no row × row table is ever built.
 */

/** Baseline residuals of a table's cells, indexed both ways. */
export interface ResidualTable {
  nRows: number
  rows: Int32Array
  cols: Int32Array
  residual: Float64Array
  byRow: EntryIndex
  byCol: EntryIndex
}

export interface RowNeighbour {
  row: number
  /** Shrunk Pearson-baseline similarity, in (0, 1]. */
  similarity: number
  /** Columns both rows have observed (the co-support the similarity rests on). */
  shared: number
}

/**
 * Shrinkage for row pairs. Surprise's 100 is tuned for column pairs sharing thousands of rows; two
 * rows share at most the table's columns (often a few dozen), where 100 would squash every
 * similarity below 0.2 and rank rows by shared count alone. With 5, two rows sharing 24 columns keep
 * 82% of their correlation, two sharing 3 keep 29%: few shared columns still weigh less.
 */
export const ROW_SHRINKAGE = 5

/** The residuals of cells against baselines; pass the indices when the baselines' fit built them already. */
export function residualTable(
  values: Float32Array,
  rows: Int32Array,
  cols: Int32Array,
  nRows: number,
  nCols: number,
  baselines: Baselines,
  index: { byRow: EntryIndex; byCol: EntryIndex } = { byRow: indexBy(rows, nRows), byCol: indexBy(cols, nCols) },
): ResidualTable {
  return { nRows, rows, cols, residual: baselineResiduals(values, rows, cols, baselines), ...index }
}

/** Cells observed in a row. */
export function rowObserved(table: ResidualTable, row: number): number {
  return table.byRow.start[row + 1]! - table.byRow.start[row]!
}

/**
 * The k rows most similar to `row`, most similar first (ties: lower row first); only rows with a
 * positive similarity, so fewer than k when fewer rows move with it.
 */
export function nearestRows(table: ResidualTable, row: number, k: number, shrinkage = ROW_SHRINKAGE): RowNeighbour[] {
  if (!Number.isInteger(row) || row < 0 || row >= table.nRows) throw new RangeError(`row ${row} is not in 0…${table.nRows - 1}`)
  const { rows, cols, residual, byRow, byCol } = table
  // Sums per other row over the columns it shares with `row`, as in the column similarities.
  const freq = new Int32Array(table.nRows)
  const prods = new Float64Array(table.nRows)
  const sqOwn = new Float64Array(table.nRows)
  const sqOther = new Float64Array(table.nRows)
  const touched: number[] = []
  for (let a = byRow.start[row]!; a < byRow.start[row + 1]!; a++) {
    const e = byRow.order[a]!
    const du = residual[e]!
    const c = cols[e]!
    for (let b = byCol.start[c]!; b < byCol.start[c + 1]!; b++) {
      const f = byCol.order[b]!
      const v = rows[f]!
      if (v === row) continue
      const dv = residual[f]!
      if (freq[v] === 0) touched.push(v)
      freq[v]!++
      prods[v]! += du * dv
      sqOwn[v]! += du * du
      sqOther[v]! += dv * dv
    }
  }
  const found: RowNeighbour[] = []
  for (const v of touched) {
    const similarity = shrunkPearson(prods[v]!, sqOwn[v]!, sqOther[v]!, freq[v]!, shrinkage)
    if (similarity > 0) found.push({ row: v, similarity, shared: freq[v]! })
  }
  found.sort((x, y) => y.similarity - x.similarity || x.row - y.row)
  return found.slice(0, k)
}
