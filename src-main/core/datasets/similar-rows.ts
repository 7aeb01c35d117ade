import type { SparseMatrix } from '../matrix/sparse.js'
import { indexBy } from '../models/alternating-ridge.js'
import { fitBaselines } from '../models/baseline-similarity.js'
import { KNN_DEFAULTS } from '../models/knn.js'
import { nearestRows, residualTable, rowObserved, ROW_SHRINKAGE, type ResidualTable } from '../models/row-neighbours.js'
import { getDataset, loadMatrix, type DatasetSummary } from '../store/datasets.js'
import type { Db } from '../store/open.js'
import { defaultScaling, TargetSpace } from '../fitting/targets.js'

/**
 * The dataset page's "similar rows": a row's nearest rows by the kNN model's similarity (see
 * models/row-neighbours.ts), on values as the models see them (sensor columns standardised, so a
 * column in pascals does not outweigh one in bar) and baselines fitted as KNNBaseline fits them.
 */

/** Everything a query needs, prepared once per dataset: each query is then one pass over some cells. */
export interface RowSimilarityTable {
  datasetId: number
  dataHash: string
  table: ResidualTable
  rowLabels: string[]
}

export interface RowRef {
  index: number
  label: string
  /** Cells observed in the row. */
  observed: number
}

export interface SimilarRows {
  row: RowRef
  neighbours: (RowRef & { similarity: number; shared: number })[]
  shrinkage: number
  /** Why the list is empty: the row has under two values, or no row moves with it. */
  note: 'too-few-values' | 'no-similar-rows' | null
}

/** Residuals of a matrix against its KNNBaseline baselines, in the models' units. */
export function rowSimilarityTable(matrix: SparseMatrix, summary: Pick<DatasetSummary, 'layout' | 'valueKind'>): ResidualTable {
  const space = TargetSpace.fit(matrix, { loss: summary.valueKind === 'binary' ? 'logistic' : 'squared', scaling: defaultScaling(summary.layout, summary.valueKind) })
  const tr = space.toTraining(matrix)
  const values = Float32Array.from(tr.values)
  const baselines = fitBaselines(values, tr.rows, tr.cols, indexBy(tr.rows, tr.nRows), indexBy(tr.cols, tr.nCols), KNN_DEFAULTS)
  return residualTable(values, tr.rows, tr.cols, tr.nRows, tr.nCols, baselines)
}

/** A stored dataset's table, or undefined when there is no such (published) dataset. */
export function storedRowSimilarityTable(db: Db, datasetId: number): RowSimilarityTable | undefined {
  // One read transaction: the summary and the entries are of the same dataset state.
  return db.transaction(() => {
    if (!getDataset(db, datasetId)) return undefined
    const { summary, matrix, rowLabels } = loadMatrix(db, datasetId)
    return { datasetId, dataHash: summary.dataHash, table: rowSimilarityTable(matrix, summary), rowLabels }
  }).deferred()
}

/** The k rows most like `row` (an index in 0 … nRows − 1; the caller checks it), with their labels. */
export function similarRows(prepared: Pick<RowSimilarityTable, 'table' | 'rowLabels'>, row: number, k: number, shrinkage = ROW_SHRINKAGE): SimilarRows {
  const { table, rowLabels } = prepared
  const ref = (index: number): RowRef => ({ index, label: rowLabels[index]!, observed: rowObserved(table, index) })
  const neighbours = nearestRows(table, row, k, shrinkage).map((n) => ({ ...ref(n.row), similarity: n.similarity, shared: n.shared }))
  const note = neighbours.length > 0 ? null : rowObserved(table, row) < 2 ? 'too-few-values' : 'no-similar-rows'
  return { row: ref(row), neighbours, shrinkage, note }
}
