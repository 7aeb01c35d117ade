import fs from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { datasetDetailsSchema } from '../../src-main/contract/datasets.js'
import type { Workbench } from '../../src-main/services/workbench.js'
import { writeSmallDataset } from '../helpers/small-dataset.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { openTestWorkbench } from '../helpers/workbench.js'

const tempDir = useTempDirs()
let workbench: Workbench | undefined
afterEach(() => workbench?.close())

describe('dataset browser requests', () => {
  it('returns the details, a column distribution and a CSV export of a stored dataset', async () => {
    workbench = openTestWorkbench(tempDir())
    const id = writeSmallDataset(workbench.db, '圧延 ライン/3')
    const details = datasetDetailsSchema.parse(await workbench.dispatch('getDatasetDetails', { id }))
    // 機械1: 温度 20.5, 圧力 1.2; 機械2: 温度 21.0; 機械3: 圧力 1.1.
    expect(details.summary).toMatchObject({ name: '圧延 ライン/3', nRows: 3, nCols: 2, nObserved: 4 })
    expect(details.observedFraction).toBeCloseTo(4 / 6, 12)
    // Rows: 100%, 50%, 50%; columns: 2 of 3 each (66.7%).
    expect(details.rowCoverage).toEqual([0, 0, 0, 0, 0, 2, 0, 0, 0, 1])
    expect(details.columnCoverage).toEqual([0, 0, 0, 0, 0, 0, 2, 0, 0, 0])
    expect(details.mask).toEqual({ blockRows: 3, blockCols: 2, rowStarts: [0, 1, 2, 3], colStarts: [0, 1, 2], observed: [1, 1, 1, 0, 0, 1] })
    expect(details.columns.map((c) => c.label)).toEqual(['温度', '圧力'])

    const distribution = await workbench.dispatch('getColumnDistribution', { id, column: 1 })
    expect(distribution).toMatchObject({ column: { label: '圧力', count: 2 }, bins: [{ count: 1 }, { count: 1 }] })

    const download = (await workbench.dispatch('exportDatasetCsv', { id })) as { downloadId: string; fileName: string; size: number }
    expect(download.fileName).toBe('圧延 ライン_3.csv')
    const file = workbench.files.resolve('exports', download.downloadId)
    expect(file.size).toBe(download.size)
    expect(fs.readFileSync(file.path, 'utf8')).toBe('row,温度,圧力\n機械1,20.5,1.2\n機械2,21,\n機械3,,1.1\n')
  })

  it('answers not-found for a dataset or column that does not exist, and bad-request for a bad id', async () => {
    workbench = openTestWorkbench(tempDir())
    const id = writeSmallDataset(workbench.db)
    await expect(workbench.dispatch('getDatasetDetails', { id: 999 })).rejects.toMatchObject({ code: 'not-found' })
    await expect(workbench.dispatch('getColumnDistribution', { id, column: 2 })).rejects.toMatchObject({ code: 'not-found' })
    await expect(workbench.dispatch('exportDatasetCsv', { id: 999 })).rejects.toMatchObject({ code: 'not-found' })
    await expect(workbench.dispatch('getDatasetDetails', { id: 'abc' })).rejects.toMatchObject({ code: 'bad-request' })
    await expect(workbench.dispatch('getColumnDistribution', { id, column: -1 })).rejects.toMatchObject({ code: 'bad-request' })
  })
})
