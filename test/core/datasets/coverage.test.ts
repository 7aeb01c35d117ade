import { describe, expect, it } from 'vitest'
import { coverageBin, coverageHistogram, storedCoverageHistograms } from '../../../src-main/core/datasets/coverage.js'
import { openDatabase } from '../../../src-main/core/store/open.js'
import { useTempDirs } from '../../helpers/temp-dir.js'
import { FIVE_BY_FOUR, writeEntries } from './helpers.js'

const tempDir = useTempDirs()

describe('coverage bins', () => {
  it('puts a fraction on a bin edge into the upper bin, and 100% into the last bin', () => {
    expect(coverageBin(0, 5)).toBe(0)
    expect(coverageBin(1, 5)).toBe(2) // exactly 20%
    expect(coverageBin(1, 3)).toBe(3) // 33.3%
    expect(coverageBin(2, 3)).toBe(6) // 66.7%
    expect(coverageBin(9, 10)).toBe(9)
    expect(coverageBin(10, 10)).toBe(9)
    expect(coverageBin(0, 0)).toBe(0)
  })

  it('counts rows per bin, in memory and from the store alike', () => {
    // Rows of FIVE_BY_FOUR: 100%, 25%, 0%, 50%, 75%; columns: 60%, 60%, 40%, 40%.
    const expectedRows = [1, 0, 1, 0, 0, 1, 0, 1, 0, 1]
    const expectedColumns = [0, 0, 0, 0, 2, 0, 2, 0, 0, 0]
    expect(coverageHistogram([4, 1, 0, 2, 3], 4)).toEqual(expectedRows)
    expect(coverageHistogram([3, 3, 2, 2], 5)).toEqual(expectedColumns)

    const db = openDatabase(tempDir())
    writeEntries(db, { nRows: 2, nCols: 2 }, [[0, 0, 1]]) // another dataset that must not be counted
    const id = writeEntries(db, { nRows: 5, nCols: 4 }, FIVE_BY_FOUR)
    expect(storedCoverageHistograms(db, id, { nRows: 5, nCols: 4 })).toEqual({ rows: expectedRows, columns: expectedColumns })
    db.close()
  })

  it('supports other bin counts', () => {
    expect(coverageHistogram([4, 1, 0, 2, 3], 4, 4)).toEqual([1, 1, 1, 2])
  })
})
