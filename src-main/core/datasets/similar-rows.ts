import { subsetEntries, type SparseMatrix } from '../matrix/sparse.js'
import { indexBy } from '../models/alternating-ridge.js'
import { fitBaselines } from '../models/baseline-similarity.js'
import { EventLoopBreather } from '../models/model.js'
import { KNN_DEFAULTS } from '../models/knn.js'
import { nearestRows, residualTable, rowObserved, ROW_SHRINKAGE, type ResidualTable } from '../models/row-neighbours.js'
import { getDataset, type DatasetSummary } from '../store/datasets.js'
import type { Db } from '../store/open.js'
import { defaultScaling, TargetSpace } from '../fitting/targets.js'
import { columnMoments } from '../fitting/scaling.js'

/**
 * The dataset page's "similar rows": a row's nearest rows by the kNN model's similarity (see
 * models/row-neighbours.ts), on values as the models see them (sensor columns standardised, so a
 * column in pascals does not outweigh one in bar) and baselines fitted as KNNBaseline fits them.
 * Constant columns (no spread, as the pilot's scores define them) are left out of everything: of
 * the baselines, the similarity and the shared count. They say nothing about how rows differ, yet
 * their residuals against the row baselines would pass for agreement between rows.
 */

/** Everything a query needs, prepared once per dataset: each query is then one pass over some cells. */
export interface RowSimilarityTable extends ComparedTable {
  rowLabels: string[]
}

/** The residual table of the varying columns, and what was left out of it. */
export interface ComparedTable {
  /** Cells of the varying columns only. */
  table: ResidualTable
  /** Cells observed in each row, in every column (constant ones too). */
  rowCells: Int32Array
  /** Columns left out of the comparison because their observed values never change. */
  constantColumns: number
}

export interface RowRef {
  index: number
  label: string
  /** Cells observed in the row. */
  observed: number
}

export interface SimilarRows {
  row: RowRef
  /** `shared`: the varying columns both rows have observed. */
  neighbours: (RowRef & { similarity: number; shared: number })[]
  shrinkage: number
  /** Constant columns, left out of the similarity and of `shared`. */
  constantColumns: number
  /** Why the list is empty: the row has under two values in varying columns, or no row moves with it. */
  note: 'too-few-values' | 'no-similar-rows' | null
}

/** The cells of the columns whose observed values vary, and how many columns were constant. */
function varyingColumnCells(matrix: SparseMatrix): { matrix: SparseMatrix; constantColumns: number } {
  const { spreads, counts } = columnMoments(matrix)
  let constantColumns = 0
  for (let c = 0; c < matrix.nCols; c++) if (counts[c]! > 0 && spreads[c] === 0) constantColumns++
  if (constantColumns === 0) return { matrix, constantColumns }
  const kept = new Int32Array(matrix.values.length)
  let n = 0
  for (let i = 0; i < matrix.values.length; i++) if (spreads[matrix.cols[i]!] !== 0) kept[n++] = i
  return { matrix: subsetEntries(matrix, kept.subarray(0, n)), constantColumns }
}

/** Residuals of a matrix's varying columns against their KNNBaseline baselines, in the models' units. */
export async function rowSimilarityTable(
  all: SparseMatrix,
  summary: Pick<DatasetSummary, 'layout' | 'valueKind'>,
  breather = new EventLoopBreather(),
): Promise<ComparedTable> {
  const rowCells = new Int32Array(all.nRows)
  for (let i = 0; i < all.rows.length; i++) rowCells[all.rows[i]!]!++
  const { matrix, constantColumns } = varyingColumnCells(all)
  await breather.maybeYield()
  const space = TargetSpace.fit(matrix, {
    loss: summary.valueKind === 'binary' ? 'logistic' : 'squared',
    scaling: defaultScaling(summary.layout, summary.valueKind),
  })
  await breather.maybeYield()
  const tr = space.toTraining(matrix)
  await breather.maybeYield()
  const values = Float32Array.from(tr.values)
  const index = { byRow: indexBy(tr.rows, tr.nRows), byCol: indexBy(tr.cols, tr.nCols) }
  await breather.maybeYield()
  const baselines = await fitBaselines(values, tr.rows, tr.cols, index.byRow, index.byCol, KNN_DEFAULTS, breather)
  return { table: residualTable(values, tr.rows, tr.cols, tr.nRows, tr.nCols, baselines, index), rowCells, constantColumns }
}

/** Cells read per statement when a dataset is prepared: a few tens of milliseconds of reading. */
const CELLS_PER_READ = 200_000

/**
 * A stored dataset's table, or undefined when there is no such (published) dataset or it went away
 * while being read. Read a block of rows per statement, yielding in between, so the main process
 * that serves this keeps answering while millions of cells load; a published dataset never
 * changes, so the blocks are of one state of it (a delete in between is noticed by the count).
 */
export async function storedRowSimilarityTable(db: Db, datasetId: number, cellsPerRead = CELLS_PER_READ): Promise<RowSimilarityTable | undefined> {
  const summary = getDataset(db, datasetId)
  if (!summary) return undefined
  const breather = new EventLoopBreather()
  const n = summary.nObserved
  const matrix: SparseMatrix = { nRows: summary.nRows, nCols: summary.nCols, rows: new Int32Array(n), cols: new Int32Array(n), values: new Float64Array(n) }
  const select = db.prepare('SELECT row_idx, col_idx, value FROM entries WHERE dataset_id = ? AND row_idx >= ? AND row_idx < ? ORDER BY row_idx, col_idx').raw()
  const rowsPerRead = Math.max(1, Math.floor(cellsPerRead / Math.max(1, summary.nCols)))
  let read = 0
  for (let first = 0; first < summary.nRows; first += rowsPerRead) {
    // Each block's statement runs to its end before the yield: the connection is shared.
    for (const [r, c, v] of select.iterate(datasetId, first, first + rowsPerRead) as IterableIterator<[number, number, number]>) {
      if (read === n) return undefined
      matrix.rows[read] = r
      matrix.cols[read] = c
      matrix.values[read++] = v
    }
    await breather.maybeYield()
  }
  const rowLabels = db.prepare('SELECT label FROM dataset_rows WHERE dataset_id = ? ORDER BY idx').pluck().all(datasetId) as string[]
  if (read !== n || rowLabels.length !== summary.nRows || getDataset(db, datasetId)?.dataHash !== summary.dataHash) return undefined
  return { ...(await rowSimilarityTable(matrix, summary, breather)), rowLabels }
}

/** The k rows most like `row` (an index in 0 … nRows − 1; the caller checks it), with their labels. */
export function similarRows(prepared: RowSimilarityTable, row: number, k: number, shrinkage = ROW_SHRINKAGE): SimilarRows {
  const { table, rowLabels, rowCells, constantColumns } = prepared
  const ref = (index: number): RowRef => ({ index, label: rowLabels[index]!, observed: rowCells[index]! })
  const neighbours = nearestRows(table, row, k, shrinkage).map((n) => ({ ...ref(n.row), similarity: n.similarity, shared: n.shared }))
  const note = neighbours.length > 0 ? null : rowObserved(table, row) < 2 ? 'too-few-values' : 'no-similar-rows'
  return { row: ref(row), neighbours, shrinkage, constantColumns, note }
}
