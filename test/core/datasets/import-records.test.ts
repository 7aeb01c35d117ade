import { describe, expect, it } from 'vitest'
import { describeImportOptions, importRecords, splitCounts } from '../../../src-main/core/datasets/import-records.js'
import { importFile } from '../../../src-main/core/import/index.js'
import { openDatabase } from '../../../src-main/core/store/open.js'
import { fixture } from '../import/helpers.js'
import { useTempDirs } from '../../helpers/temp-dir.js'
import { writeEntries } from './helpers.js'

const tempDir = useTempDirs()

describe('import records for the browser', () => {
  it('shows a real import of a file with bad cells treated as missing', async () => {
    const db = openDatabase(tempDir())
    const result = await importFile(db, fixture('non-numeric.csv'), { badCellPolicy: 'missing' })
    if (!result.ok) throw new Error('import failed')
    const [record, ...more] = importRecords(db, result.datasetId)
    expect(more).toEqual([])
    expect(record).toMatchObject({
      fileName: 'non-numeric.csv',
      source: { format: 'csv', encoding: 'utf-8', delimiter: 'comma' },
      settings: { layout: 'wide', valueKind: 'numeric', badCellPolicy: 'missing', duplicatePolicy: 'error' },
      badCells: { 'not-a-number': 2 },
      issuesStored: 2,
    })
    expect(record!.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(record!.issues.map((i) => [i.line, i.column, i.raw])).toEqual([
      [2, 'pressure', 'abc'],
      [3, 'temp', '1.5.2'],
    ])
    expect(Object.keys(record!.readStats).length).toBeGreaterThan(0)
    db.close()
  })

  it('reads old or odd records defensively', () => {
    expect(describeImportOptions(null)).toEqual({
      source: { format: null, encoding: null, bom: null, delimiter: null, sheet: null },
      settings: { layout: null, valueKind: null, missingTokens: null, duplicatePolicy: null, badCellPolicy: null, range: null },
    })
    expect(describeImportOptions({ range: { min: 0, max: 1 }, missingTokens: ['NA', 3], detected: { bom: true, sheet: 'Sheet2' } })).toMatchObject({
      source: { bom: true, sheet: 'Sheet2' },
      settings: { range: { min: 0, max: 1 }, missingTokens: ['NA'] },
    })
    expect(splitCounts({ 'not-a-number': 3, 'stats.lines': 10, odd: 'x', observed: 4 })).toEqual({ badCells: { 'not-a-number': 3 }, readStats: { lines: 10 } })
    expect(splitCounts('garbage')).toEqual({ badCells: {}, readStats: {} })

    const db = openDatabase(tempDir())
    const id = writeEntries(db, { nRows: 1, nCols: 1 }, [[0, 0, 1]])
    db.prepare("UPDATE imports SET options_json = 'not json', issues_json = '{}' WHERE dataset_id = ?").run(id)
    expect(importRecords(db, id)[0]).toMatchObject({ fileName: 'hand.csv', fileSize: 123, issues: [], issuesStored: 0, source: { format: null } })
    db.close()
  })
})
