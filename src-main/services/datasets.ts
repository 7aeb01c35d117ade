import fs from 'node:fs'
import type { Api } from '../contract/api.js'
import { storedColumnDistribution } from '../core/datasets/distribution.js'
import { datasetOverview } from '../core/datasets/overview.js'
import { exportDatasetCsv } from '../core/import/export-csv.js'
import { getDataset } from '../core/store/datasets.js'
import type { Db } from '../core/store/open.js'
import { ApiError } from './api-error.js'
import type { FileDrop } from './file-drop.js'

type DatasetApi = Pick<Api, 'getDatasetDetails' | 'getColumnDistribution' | 'exportDatasetCsv'>

const noDataset = (id: number): ApiError => new ApiError('not-found', `There is no dataset with id ${id}.`)

/** The dataset browser: one dataset's overview, a column's value distribution, and export to CSV. */
export function datasetServices(deps: { db: Db; files: FileDrop }): DatasetApi {
  const { db, files } = deps
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
      const summary = getDataset(db, id)
      if (!summary) throw noDataset(id)
      // A slash in a dataset name is part of the name, not a folder: keep it visible as '_'.
      const slot = files.reserve('exports', `${summary.name.replace(/[/\\]/g, '_')}.csv`)
      try {
        await exportDatasetCsv(db, id, slot.path)
      } catch (error) {
        fs.rmSync(slot.path, { force: true })
        throw error
      }
      return { downloadId: slot.id, fileName: slot.fileName, size: fs.statSync(slot.path).size }
    },
  }
}
