import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { importFile, ImportError, type ImportOptions, type ImportResult, type ImportSuccess } from '../../../src-main/core/import/index.js'
import { loadMatrix } from '../../../src-main/core/store/datasets.js'
import type { Db } from '../../../src-main/core/store/open.js'
import { assertNoPartialDataset, fixture, removeTempDirs, tableCounts, tempFile, tempStore } from './helpers.js'

afterEach(removeTempDirs)

function ok(result: ImportResult): ImportSuccess {
  if (!result.ok) throw new Error(`import rejected: ${JSON.stringify(result.report)}`)
  return result
}

/** Cells of a stored dataset as { "row|col": value }. */
function cells(db: Db, id: number): Record<string, number> {
  const { matrix, rowLabels, colLabels } = loadMatrix(db, id)
  const out: Record<string, number> = {}
  for (let i = 0; i < matrix.values.length; i++) out[`${rowLabels[matrix.rows[i]!]}|${colLabels[matrix.cols[i]!]}`] = matrix.values[i]!
  return out
}

/** Runs an import expected to fail with an ImportError and checks the store did not change. */
async function expectImportError(db: Db, file: string, options: ImportOptions = {}): Promise<ImportError> {
  const before = tableCounts(db)
  const error = await importFile(db, file, options).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ImportError)
  expect(tableCounts(db)).toEqual(before)
  return error as ImportError
}

/** Runs an import expected to be rejected for bad cells and checks nothing was written. */
async function expectRejected(db: Db, file: string, options: ImportOptions = {}) {
  const before = tableCounts(db)
  const result = await importFile(db, file, options)
  expect(result.ok).toBe(false)
  expect(tableCounts(db)).toEqual(before)
  return result.report
}

const WIDE_CELLS = {
  'M1|temp': 20.5,
  'M1|pressure': 101.3,
  'M1|vibration': 0.01,
  'M2|temp': 21,
  'M2|vibration': 0.02,
  'M3|pressure': 99.8,
  'M3|vibration': 0.03,
}

describe('importFile: well-formed files', () => {
  it.each([
    ['wide-utf8.csv', 'csv', 'comma', false],
    ['wide-utf8-bom.csv', 'csv', 'comma', true],
    ['wide-crlf.csv', 'csv', 'comma', false],
    ['wide.tsv', 'tsv', 'tab', false],
    ['wide-semicolon.csv', 'csv', 'semicolon', false],
  ])('%s imports as 3 × 3 with 7 observed cells', async (name, format, delimiter, bom) => {
    const db = tempStore()
    const result = ok(await importFile(db, fixture(name)))
    expect(result.source).toMatchObject({ format, delimiter, encoding: 'utf-8', bom })
    expect(result.layout).toBe('wide')
    expect(result.stats).toMatchObject({ nRows: 3, nCols: 3, nObserved: 7, missingCells: 2, dataRows: 3 })
    expect(result.report.totalIssues).toBe(0)
    expect(cells(db, result.datasetId)).toEqual(WIDE_CELLS)
    const { rowLabels, colLabels } = loadMatrix(db, result.datasetId)
    expect(rowLabels).toEqual(['M1', 'M2', 'M3'])
    expect(colLabels).toEqual(['temp', 'pressure', 'vibration'])
    assertNoPartialDataset(db)
  })

  it('reads a file whose lines end in a lone carriage return (Excel\'s "CSV (Macintosh)") line by line, as the same table', async () => {
    const db = tempStore()
    const text = fs.readFileSync(fixture('wide-utf8.csv'), 'utf8')
    for (const [name, body] of [
      ['mac.csv', text.replaceAll('\n', '\r')],
      ['mac-semicolon.csv', text.replaceAll(',', ';').replaceAll('\n', '\r')],
    ] as const) {
      const result = ok(await importFile(db, tempFile(name, body)))
      expect(result.stats).toMatchObject({ nRows: 3, nCols: 3, nObserved: 7 })
      expect(cells(db, result.datasetId)).toEqual(WIDE_CELLS)
    }
    // A line break inside quotes stays in its field, and bad cells are reported on their own line.
    const report = await expectRejected(db, tempFile('mac-bad.csv', 'machine,temp\r"M1\rspare",1\rM2,x\r'), { layout: 'wide' })
    expect(report.issues[0]).toMatchObject({ reason: 'not-a-number', line: 4, column: 'temp', raw: 'x' })
  })

  it('detects Shift_JIS and keeps Japanese labels exactly; UTF-8 gives the same dataset', async () => {
    const db = tempStore()
    const sjis = ok(await importFile(db, fixture('wide-sjis.csv')))
    expect(sjis.source.encoding).toBe('cp932')
    const utf8 = ok(await importFile(db, fixture('wide-japanese-utf8.csv')))
    expect(utf8.source.encoding).toBe('utf-8')
    const a = loadMatrix(db, sjis.datasetId)
    expect(a.rowLabels).toEqual(['1号機', '2号機', '３号機（予備）'])
    expect(a.colLabels).toEqual(['温度', '圧力', '振動'])
    expect(a.summary.nObserved).toBe(7)
    expect(a.summary.dataHash).toBe(loadMatrix(db, utf8.datasetId).summary.dataHash)
    // Overriding the encoding works too; reading Shift_JIS bytes as UTF-8 is refused, not garbled.
    ok(await importFile(db, fixture('wide-sjis.csv'), { encoding: 'shift_jis' }))
    const error = await expectImportError(db, fixture('wide-sjis.csv'), { encoding: 'utf-8' })
    expect(error.code).toBe('undecodable')
    expect(error.line).toBe(1)
  })

  it('reads quoted fields with delimiters, doubled quotes and line breaks', async () => {
    const db = tempStore()
    const result = ok(await importFile(db, fixture('quoted.csv')))
    const { rowLabels, colLabels } = loadMatrix(db, result.datasetId)
    expect(colLabels).toEqual(['temp, °C', 'note value'])
    expect(rowLabels).toEqual(['M1, line A', 'M2 "spare"', 'M3\nsecond line'])
    expect(result.stats.nObserved).toBe(6)
  })

  it('reports physical lines after a quoted line break', async () => {
    const db = tempStore()
    const file = tempFile('lines.csv', 'k,v\n"a\nb",1\nc,x\n"d",2\r\ne,y\n')
    const report = await expectRejected(db, file)
    expect(report.issues.map((i) => [i.line, i.column, i.raw, i.reason])).toEqual([
      [4, 'v', 'x', 'not-a-number'],
      [6, 'v', 'y', 'not-a-number'],
    ])
  })

  it('imports a long file with ISO and numeric times, guessing the layout', async () => {
    const db = tempStore()
    const result = ok(await importFile(db, fixture('long.csv')))
    expect(result.layout).toBe('long')
    const { matrix, rowLabels, colLabels } = loadMatrix(db, result.datasetId)
    expect(rowLabels).toEqual(['M1', 'M2'])
    expect(colLabels).toEqual(['temp', 'press'])
    expect(Array.from(matrix.values)).toEqual([20.5, 101.3, 21, 99.8])
    expect(Array.from(matrix.times!)).toEqual([Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 1, 1), Date.UTC(2024, 0, 2), 1704153600000])
  })

  it('imports a binary long file (0/1 and true/false)', async () => {
    const db = tempStore()
    const result = ok(await importFile(db, fixture('long-binary.csv'), { layout: 'long', valueKind: 'binary' }))
    expect(cells(db, result.datasetId)).toEqual({ 'P1|leak': 1, 'P1|seal': 0, 'P2|leak': 1, 'P2|noise': 0 })
    expect(loadMatrix(db, result.datasetId).summary.valueKind).toBe('binary')
  })

  it('reads both sheets of an XLSX workbook; row numbers are sheet rows', async () => {
    const db = tempStore()
    const first = ok(await importFile(db, fixture('two-sheets.xlsx')))
    expect(first.source).toMatchObject({ format: 'xlsx', sheets: ['Sensors', '故障'], sheet: 'Sensors' })
    expect(cells(db, first.datasetId)).toEqual({
      'M1|temp': 20.5,
      'M1|pressure': 101.3,
      'M2|temp': 21,
      'M3|pressure': 99.8,
      'M4|temp': 2,
    })
    const second = ok(await importFile(db, fixture('two-sheets.xlsx'), { sheet: '故障', layout: 'long', valueKind: 'binary' }))
    expect(cells(db, second.datasetId)).toEqual({ 'P1|漏れ': 1, 'P1|シール': 0, 'P2|漏れ': 1 })
    const bad = await expectRejected(db, fixture('two-sheets.xlsx'), { sheet: 0, valueKind: 'binary' })
    expect(bad.issues[0]).toMatchObject({ line: 2, column: 'temp', raw: '20.5', reason: 'not-binary' })
    const missing = await expectImportError(db, fixture('two-sheets.xlsx'), { sheet: 'Nope' })
    expect(missing.code).toBe('no-such-sheet')
  })

  it('stores provenance and per-column statistics', async () => {
    const db = tempStore()
    const result = ok(await importFile(db, fixture('wide-utf8.csv'), { name: 'Line 3' }))
    const record = db.prepare('SELECT * FROM imports WHERE dataset_id = ?').get(result.datasetId) as Record<string, string | number>
    expect(record.file_name).toBe('wide-utf8.csv')
    expect(record.file_size).toBe(79)
    expect(record.sha256).toBe(
      createHash('sha256')
        .update(fs.readFileSync(fixture('wide-utf8.csv')))
        .digest('hex'),
    )
    expect(JSON.parse(record.options_json as string)).toMatchObject({ name: 'Line 3', layout: 'wide', duplicatePolicy: 'error' })
    expect(JSON.parse(record.counts_json as string)).toMatchObject({ 'stats.missingCells': 2, 'stats.nObserved': 7 })
    const temp = db.prepare('SELECT n_observed, mean, min, max FROM dataset_columns WHERE dataset_id = ? AND label = ?').get(result.datasetId, 'temp')
    expect(temp).toEqual({ n_observed: 2, mean: 20.75, min: 20.5, max: 21 })
  })
})

describe('importFile: duplicate keys', () => {
  const file = fixture('long-duplicates.csv')
  it("'error' with abort rejects and reports each repeat", async () => {
    const db = tempStore()
    const report = await expectRejected(db, file, { layout: 'long' })
    expect(report.counts).toEqual({ 'duplicate-key': 2 })
    expect(report.issues.map((i) => [i.line, i.column])).toEqual([
      [4, 'temp'],
      [6, 'temp'],
    ])
  })
  it("'error' with missing drops the repeated key and counts it", async () => {
    const db = tempStore()
    const result = ok(await importFile(db, file, { layout: 'long', badCellPolicy: 'missing' }))
    expect(result.counts).toEqual({ 'duplicate-key': 2 })
    expect(cells(db, result.datasetId)).toEqual({ 'M1|press': 5, 'M2|temp': 1 })
  })
  it.each([
    ['mean', 30],
    ['last', 60],
  ] as const)("'%s' folds the repeats", async (duplicatePolicy, expected) => {
    const db = tempStore()
    const result = ok(await importFile(db, file, { layout: 'long', duplicatePolicy }))
    expect(result.stats.duplicatesMerged).toBe(2)
    expect(cells(db, result.datasetId)).toEqual({ 'M1|temp': expected, 'M1|press': 5, 'M2|temp': 1 })
  })
})

describe('importFile: bad cells', () => {
  it.each([
    [
      'ragged.csv',
      { 'ragged-row': 2 },
      [
        [3, '', '2'],
        [4, '', '4'],
      ],
      2,
      4,
    ],
    [
      'non-numeric.csv',
      { 'not-a-number': 2 },
      [
        [2, 'pressure', 'abc'],
        [3, 'temp', '1.5.2'],
      ],
      3,
      4,
    ],
    [
      'inf-nan.csv',
      { infinite: 3, 'not-a-number': 1 },
      [
        [2, 'temp', 'Inf'],
        [3, 'temp', '-Infinity'],
        [4, 'temp', '1e999'],
        [5, 'temp', 'nan'],
      ],
      4,
      3,
    ],
    ['missing-key.csv', { 'missing-key': 1 }, [[3, 'machine', '']], 2, 2],
  ])('%s: abort rejects with exact counts; missing imports them as missing', async (name, counts, issues, nRows, nObserved) => {
    const db = tempStore()
    const report = await expectRejected(db, fixture(name))
    expect(report.counts).toEqual(counts)
    expect(report.issues.map((i) => [i.line, i.column, i.raw])).toEqual(issues)
    expect(report.issues.every((i) => i.message.length > 0)).toBe(true)
    const result = ok(await importFile(db, fixture(name), { badCellPolicy: 'missing' }))
    expect(result.counts).toEqual(counts)
    expect(result.stats).toMatchObject({ nRows, nObserved })
    const stored = JSON.parse(db.prepare('SELECT counts_json FROM imports WHERE dataset_id = ?').pluck().get(result.datasetId) as string)
    expect(stored).toMatchObject(counts)
    assertNoPartialDataset(db)
  })

  it('checks a declared range', async () => {
    const db = tempStore()
    const report = await expectRejected(db, fixture('wide-utf8.csv'), { range: { min: 0, max: 100 } })
    expect(report.counts).toEqual({ 'out-of-range': 1 })
    expect(report.issues.map((i) => [i.line, i.column, i.raw])).toEqual([[2, 'pressure', '101.3']])
  })
})

describe('importFile: file-level failures leave the store unchanged', () => {
  it.each([
    ['empty.csv', {}, 'empty-file', undefined],
    ['blank-lines.csv', {}, 'empty-file', undefined],
    ['header-only.csv', {}, 'header-only', 1],
    ['truncated.csv', {}, 'truncated', 3],
    ['not-utf8.csv', {}, 'undecodable', 2],
    ['wide-utf8.csv', { keyColumn: 'nope' }, 'no-such-column', undefined],
    ['wide-utf8.csv', { delimiter: 'pipe' }, 'invalid-options', undefined],
    ['does-not-exist.csv', {}, 'file-unreadable', undefined],
  ] as const)('%s %j fails with %s', async (name, options, code, line) => {
    const db = tempStore()
    ok(await importFile(db, fixture('wide-utf8.csv')))
    const error = await expectImportError(db, fixture(name), options as ImportOptions)
    expect(error.code).toBe(code)
    expect(error.line).toBe(line)
    expect(error.message).toContain(name)
  })

  it('names the column of an unterminated quote', async () => {
    const db = tempStore()
    const error = await expectImportError(db, fixture('truncated.csv'))
    expect(error.column).toBe('note')
    expect(error.message).toMatch(/truncated\.csv \(line 3, column "note"\)/)
  })
})
