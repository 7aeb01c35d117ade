import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { importFile } from '../../../src-main/core/import/index.js'
import { loadMatrix } from '../../../src-main/core/store/datasets.js'
import { assertNoPartialDataset, removeTempDirs, tempStore } from './helpers.js'

afterEach(removeTempDirs)

const SECOM_CSV = path.resolve('resources/sample-data/secom.csv')
const ORIGINAL = ['secom.data.part1', 'secom.data.part2'].map((p) => path.resolve('../shared/data/uci-secom', p))

describe('SECOM sample data', () => {
  it('imports as 1567 × 590 with exactly the non-NaN cells of the original observed', async () => {
    // Count observed cells independently, from the original space-separated file.
    const original = ORIGINAL.map((p) => fs.readFileSync(p, 'utf8')).join('')
    const lines = original.split('\n').filter((l) => l.trim() !== '')
    const tokens = lines.map((l) => l.trim().split(/\s+/))
    const expectedObserved = tokens.flat().filter((t) => t !== 'NaN').length

    const db = tempStore()
    const result = await importFile(db, SECOM_CSV)
    if (!result.ok) throw new Error(JSON.stringify(result.report))
    expect(result.stats).toMatchObject({ nRows: 1567, nCols: 590, nObserved: expectedObserved })
    expect(expectedObserved).toBe(924_530 - 41_951)

    const { matrix, rowLabels, colLabels } = loadMatrix(db, result.datasetId)
    expect(rowLabels[0]).toBe('run_0001')
    expect(colLabels[589]).toBe('sensor_590')
    // Spot-check values against the original tokens, including every cell of the last run.
    const last = tokens[1566]!
    const stored = new Map<number, number>()
    for (let i = 0; i < matrix.values.length; i++) if (matrix.rows[i] === 1566) stored.set(matrix.cols[i]!, matrix.values[i]!)
    last.forEach((t, j) => expect(stored.get(j)).toBe(t === 'NaN' ? undefined : Number(t)))
    assertNoPartialDataset(db)
  })
})
