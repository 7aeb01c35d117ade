import fs from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { datasetDetailsSchema, rowSearchSchema, similarRowsSchema } from '../../src-main/contract/datasets.js'
import { writeDataset } from '../../src-main/core/store/datasets.js'
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

describe('similar rows requests', () => {
  /** Four machines × 4 sensors: 'A' and its near copy 'B', 'XA' unlike both, 'C' with one value. */
  function writeMachines(wb: Workbench): number {
    const dense = [
      [1, 5, 2, 8],
      [1.1, 5.1, 2, 7.9],
      [6, 1, 7, 2],
      [3, NaN, NaN, NaN],
    ]
    const labels = ['A', 'B', 'XA', 'C']
    const cells = dense.flatMap((row, r) => row.flatMap((v, c) => (Number.isNaN(v) ? [] : [[r, c, v] as const])))
    return writeDataset(wb.db, {
      name: 'machines',
      valueKind: 'numeric',
      layout: 'wide',
      rowLabels: labels,
      colLabels: ['s1', 's2', 's3', 's4'],
      matrix: {
        nRows: 4,
        nCols: 4,
        rows: Int32Array.from(cells, (c) => c[0]),
        cols: Int32Array.from(cells, (c) => c[1]),
        values: Float64Array.from(cells, (c) => c[2]),
      },
      provenance: { fileName: 'm.csv', fileSize: 1, sha256: '0'.repeat(64), options: {}, counts: {}, issues: [], startedAt: '2026-01-01T00:00:00.000Z' },
    })
  }

  it('finds a row by label (an exact label first) and lists its similar rows', async () => {
    workbench = openTestWorkbench(tempDir())
    const id = writeMachines(workbench)
    const found = rowSearchSchema.parse(await workbench.dispatch('findDatasetRows', { id, query: 'a', limit: 5 }))
    expect(found).toEqual({
      rows: [
        { index: 0, label: 'A', observed: 4 },
        { index: 2, label: 'XA', observed: 4 },
      ],
      more: false,
    })
    // Two requests at once (the second waits for the first one's preparation) both answer.
    const [first, second] = await Promise.all([
      workbench.dispatch('getSimilarRows', { id, row: 0, k: 5 }),
      workbench.dispatch('getSimilarRows', { id, row: 1, k: 5 }),
    ])
    expect(similarRowsSchema.parse(second).neighbours[0]).toMatchObject({ label: 'A' })
    const similar = similarRowsSchema.parse(first)
    expect(similar.row).toEqual({ index: 0, label: 'A', observed: 4 })
    expect(similar.neighbours[0]).toMatchObject({ label: 'B', shared: 4 })
    expect(similar.neighbours.map((n) => n.label)).not.toContain('XA')
    expect(similarRowsSchema.parse(await workbench.dispatch('getSimilarRows', { id, row: 3, k: 5 }))).toMatchObject({ neighbours: [], note: 'too-few-values' })
  })

  it('refuses a row the dataset does not have with a code, and a missing dataset as not-found', async () => {
    workbench = openTestWorkbench(tempDir())
    const id = writeMachines(workbench)
    await expect(workbench.dispatch('getSimilarRows', { id, row: 4, k: 5 })).rejects.toMatchObject({
      code: 'bad-request',
      detail: { code: 'dataset-no-such-row', params: { row: 5, rows: 4 } },
    })
    await expect(workbench.dispatch('getSimilarRows', { id: id + 1, row: 0, k: 5 })).rejects.toMatchObject({
      code: 'not-found',
      detail: { code: 'dataset-not-found' },
    })
    await expect(workbench.dispatch('findDatasetRows', { id: id + 1, query: '', limit: 5 })).rejects.toMatchObject({ code: 'not-found' })
    await expect(workbench.dispatch('getSimilarRows', { id, row: 0, k: 0 })).rejects.toMatchObject({ code: 'bad-request' })
    // A dataset deleted after it was prepared is gone for this request too.
    await workbench.dispatch('getSimilarRows', { id, row: 0, k: 5 })
    await workbench.dispatch('deleteDataset', { id })
    await expect(workbench.dispatch('getSimilarRows', { id, row: 0, k: 5 })).rejects.toMatchObject({ code: 'not-found' })
  })
})
