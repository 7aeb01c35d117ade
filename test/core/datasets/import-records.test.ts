import fs from 'node:fs'
import path from 'node:path'
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

  it('names the key and time columns of a wide file whose row labels are timestamps', async () => {
    const db = openDatabase(tempDir())
    const file = path.join(tempDir(), 'hourly.csv')
    fs.writeFileSync(file, '日時,temp,press\n2026-10-01 00:00:00,20,100\n2026-10-01 01:00:00,21,101\n')
    const result = await importFile(db, file)
    if (!result.ok) throw new Error('import failed')
    expect(importRecords(db, result.datasetId)[0]!.settings).toMatchObject({
      layout: 'wide',
      keyColumn: { index: 0, name: '日時' },
      timeColumn: { index: 0, name: '日時' },
    })
    // Plain labels: a key column, no time column.
    const plain = await importFile(db, fixture('non-numeric.csv'), { badCellPolicy: 'missing' })
    if (!plain.ok) throw new Error('import failed')
    expect(importRecords(db, plain.datasetId)[0]!.settings).toMatchObject({ keyColumn: { index: 0 }, timeColumn: null })
    db.close()
  })

  it('reads the key and time columns of older records as stored', () => {
    // Before header names were kept: positions only, and a wide record without keyColumn read the first column.
    expect(describeImportOptions({ layout: 'wide', keyColumn: 2, timeColumn: 2 }).settings).toMatchObject({
      keyColumn: { index: 2, name: null },
      timeColumn: { index: 2, name: null },
    })
    expect(describeImportOptions({ layout: 'wide' }).settings).toMatchObject({ keyColumn: { index: 0, name: null }, timeColumn: null })
    // A column chosen by name (e.g. --time-column on the command line) is its own name.
    expect(describeImportOptions({ layout: 'long', keyColumn: 'machine', timeColumn: '日時', columnNames: {} }).settings).toMatchObject({
      keyColumn: { index: null, name: 'machine' },
      timeColumn: { index: null, name: '日時' },
    })
    // Odd values are dropped rather than shown.
    expect(describeImportOptions({ layout: 'wide', keyColumn: -1, timeColumn: 1.5, columnNames: { keyColumn: 3 } }).settings).toMatchObject({
      keyColumn: null,
      timeColumn: null,
    })
    expect(describeImportOptions({ layout: 'wide', keyColumn: 0, columnNames: 'x' }).settings.keyColumn).toEqual({ index: 0, name: null })
  })

  it('reads old or odd records defensively', () => {
    expect(describeImportOptions(null)).toEqual({
      source: { format: null, encoding: null, bom: null, delimiter: null, sheet: null },
      settings: {
        layout: null,
        valueKind: null,
        missingTokens: null,
        duplicatePolicy: null,
        badCellPolicy: null,
        range: null,
        keyColumn: null,
        timeColumn: null,
      },
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
