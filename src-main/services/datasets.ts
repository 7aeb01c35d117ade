import type { Api } from '../contract/api.js'
import { resultOf } from '../contract/schemas.js'
import { storedColumnDistribution } from '../core/datasets/distribution.js'
import { datasetOverview } from '../core/datasets/overview.js'
import { findRows } from '../core/datasets/row-search.js'
import { similarRows, storedRowSimilarityTable, type RowSimilarityTable } from '../core/datasets/similar-rows.js'
import { getDataset } from '../core/store/datasets.js'
import type { Db } from '../core/store/open.js'
import { ApiError, noDataset } from './api-error.js'
import type { JobManager } from '../jobs/job-manager.js'

type DatasetApi = Pick<Api, 'getDatasetDetails' | 'getColumnDistribution' | 'exportDatasetCsv' | 'findDatasetRows' | 'getSimilarRows'>

/**
 * The dataset browser: one dataset's overview, a column's value distribution, export to CSV, and a
 * row's most similar rows. Similar rows run in place, as the data check does: preparing a dataset
 * reads its entries and fits the baselines in steps that yield to other requests, and is kept for
 * the last dataset asked about; each row after that is one pass over the cells of its columns.
 */
export function datasetServices(deps: { db: Db; jobs: JobManager }): DatasetApi {
  const { db, jobs } = deps
  /** The last dataset asked about, prepared or being prepared (a second request waits for the same work). */
  let prepared: { datasetId: number; dataHash: string; table: Promise<RowSimilarityTable | undefined> } | undefined
  const rowSimilarity = async (id: number): Promise<RowSimilarityTable> => {
    const summary = getDataset(db, id)
    if (!summary) throw noDataset(id)
    if (prepared?.datasetId !== id || prepared.dataHash !== summary.dataHash) {
      prepared = { datasetId: id, dataHash: summary.dataHash, table: storedRowSimilarityTable(db, id) }
    }
    const entry = prepared
    const table = await entry.table.catch((error: unknown) => {
      if (prepared === entry) prepared = undefined
      throw error
    })
    if (!table) {
      if (prepared === entry) prepared = undefined
      throw noDataset(id)
    }
    return table
  }
  return {
    getDatasetDetails: async ({ id }) => {
      const overview = datasetOverview(db, id)
      if (!overview) throw noDataset(id)
      // The renderer derives fractions from counts and block sizes: smaller than sending both.
      const { fraction: _fraction, ...mask } = overview.mask
      return { ...overview, mask }
    },
    getColumnDistribution: async ({ id, column }) => {
      const summary = getDataset(db, id)
      if (!summary) throw noDataset(id)
      const distribution = storedColumnDistribution(db, id, column, summary.valueKind)
      if (!distribution) throw new ApiError('not-found', `Dataset ${id} has no column ${column + 1} (it has ${summary.nCols}).`)
      return distribution
    },
    findDatasetRows: async ({ id, query, limit }) => {
      if (!getDataset(db, id)) throw noDataset(id)
      return findRows(db, id, query, limit)
    },
    getSimilarRows: async ({ id, row, k }) => {
      const table = await rowSimilarity(id)
      const nRows = table.rowLabels.length
      if (row >= nRows)
        throw new ApiError('bad-request', `Dataset ${id} has no row ${row + 1} (it has ${nRows}).`, {
          code: 'dataset-no-such-row',
          params: { row: row + 1, rows: nRows },
        })
      return similarRows(table, row, k)
    },
    exportDatasetCsv: async ({ id }) => {
      if (!getDataset(db, id)) throw noDataset(id)
      // Written by a job process: a large dataset must not hold up the main process's event loop.
      const end = await jobs.wait(jobs.start('export', { kind: 'dataset-csv', datasetId: id }).jobId)
      const result = resultOf(end, 'export')
      // A dataset always has a CSV: only the export's own failure leaves no file.
      if (!result || 'refused' in result) throw new ApiError('internal', end.error ?? 'The export did not finish.')
      return result
    },
  }
}
