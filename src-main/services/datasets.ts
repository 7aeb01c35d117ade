import type { Api } from '../contract/api.js'
import type { Download } from '../contract/schemas.js'
import { storedColumnDistribution } from '../core/datasets/distribution.js'
import { datasetOverview } from '../core/datasets/overview.js'
import { getDataset } from '../core/store/datasets.js'
import type { Db } from '../core/store/open.js'
import { ApiError, noDataset } from './api-error.js'
import type { JobManager } from '../jobs/job-manager.js'

type DatasetApi = Pick<Api, 'getDatasetDetails' | 'getColumnDistribution' | 'exportDatasetCsv'>

/** The dataset browser: one dataset's overview, a column's value distribution, and export to CSV. */
export function datasetServices(deps: { db: Db; jobs: JobManager }): DatasetApi {
  const { db, jobs } = deps
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
    exportDatasetCsv: async ({ id }) => {
      if (!getDataset(db, id)) throw noDataset(id)
      // Written by a job process: a large dataset must not hold up the main process's event loop.
      const end = await jobs.wait(jobs.start('export', { kind: 'dataset-csv', datasetId: id }).jobId)
      if (end.state !== 'succeeded') throw new ApiError('internal', end.error ?? 'The export did not finish.')
      return end.result as Download
    },
  }
}
