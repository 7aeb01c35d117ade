import { getDataset, type DatasetSummary } from '../store/datasets.js'
import type { Db } from '../store/open.js'
import { storedCoverageHistograms } from './coverage.js'
import { storedColumnStats, type ColumnStats } from './distribution.js'
import { importRecords, type ImportRecordView } from './import-records.js'
import { MAX_MASK_BLOCKS, storedMaskBlocks, type MaskBlocks } from './mask.js'

/** Everything the dataset browser shows at once (the value distribution of a column comes separately). */
export interface DatasetOverview {
  summary: DatasetSummary
  /** nObserved / (nRows × nCols); 0 for an empty shape. */
  observedFraction: number
  columns: ColumnStats[]
  /** Rows (columns) per coverage bin of ten percentage points, see coverage.ts. */
  rowCoverage: number[]
  columnCoverage: number[]
  mask: MaskBlocks
  imports: ImportRecordView[]
}

/** The overview of a stored dataset, or undefined when there is no dataset with that id. */
export function datasetOverview(db: Db, datasetId: number, maxBlocks = MAX_MASK_BLOCKS): DatasetOverview | undefined {
  // One read transaction, so a rename or delete in between cannot mix two states of the dataset.
  return db
    .transaction(() => {
      const summary = getDataset(db, datasetId)
      if (!summary) return undefined
      const cells = summary.nRows * summary.nCols
      const coverage = storedCoverageHistograms(db, datasetId, summary)
      return {
        summary,
        observedFraction: cells === 0 ? 0 : summary.nObserved / cells,
        columns: storedColumnStats(db, datasetId),
        rowCoverage: coverage.rows,
        columnCoverage: coverage.columns,
        mask: storedMaskBlocks(db, datasetId, summary, maxBlocks),
        imports: importRecords(db, datasetId),
      }
    })
    .deferred()
}
