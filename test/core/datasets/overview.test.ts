import { describe, expect, it } from 'vitest'
import { datasetOverview } from '../../../src-main/core/datasets/overview.js'
import { deleteDataset, renameDataset } from '../../../src-main/core/store/datasets.js'
import { openDatabase } from '../../../src-main/core/store/open.js'
import { useTempDirs } from '../../helpers/temp-dir.js'
import { FIVE_BY_FOUR, writeEntries } from './helpers.js'

const tempDir = useTempDirs()

describe('dataset overview', () => {
  it('gathers summary, fraction, columns, coverage, mask and import record of one dataset', async () => {
    const db = openDatabase(tempDir())
    const id = writeEntries(db, { nRows: 5, nCols: 4 }, FIVE_BY_FOUR, { name: '圧延ライン' })
    const overview = datasetOverview(db, id)!
    expect(overview.summary).toMatchObject({ id, name: '圧延ライン', nRows: 5, nCols: 4, nObserved: 10 })
    expect(overview.observedFraction).toBe(0.5)
    expect(overview.columns.map((c) => c.count)).toEqual([3, 3, 2, 2])
    expect(overview.rowCoverage).toEqual([1, 0, 1, 0, 0, 1, 0, 1, 0, 1])
    expect(overview.columnCoverage).toEqual([0, 0, 0, 0, 2, 0, 2, 0, 0, 0])
    expect([overview.mask.blockRows, overview.mask.blockCols]).toEqual([5, 4])
    expect(overview.imports).toHaveLength(1)
    expect(overview.imports[0]).toMatchObject({ fileName: 'hand.csv', startedAt: '2026-01-02T03:04:05.000Z' })

    renameDataset(db, id, 'ライン 2')
    expect(datasetOverview(db, id)!.summary.name).toBe('ライン 2')
    expect(datasetOverview(db, id, 2)!.mask.fraction).toEqual([0.5, 2 / 6, 0.75, 0.5])
    expect(await deleteDataset(db, id)).toBe(true)
    expect(datasetOverview(db, id)).toBeUndefined()
    db.close()
  })
})
