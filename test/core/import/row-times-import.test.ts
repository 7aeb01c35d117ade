import ExcelJS from 'exceljs'
import { afterEach, describe, expect, it } from 'vitest'
import { importFile, ImportError, type ImportResult, type ImportSuccess } from '../../../src-main/core/import/index.js'
import { checkConfigForDataset, defaultPilotConfig } from '../../../src-main/core/pilot/config.js'
import { makeSplit } from '../../../src-main/core/pilot/holdout.js'
import { loadPilotInput } from '../../../src-main/core/runs/pilot-run.js'
import { loadMatrix } from '../../../src-main/core/store/datasets.js'
import type { Db } from '../../../src-main/core/store/open.js'
import { removeTempDirs, tempFile, tempStore } from './helpers.js'

afterEach(removeTempDirs)

function ok(result: ImportResult): ImportSuccess {
  if (!result.ok) throw new Error(`import rejected: ${JSON.stringify(result.report)}`)
  return result
}

function storedOptions(db: Db, id: number): Record<string, unknown> {
  return JSON.parse(db.prepare('SELECT options_json FROM imports WHERE dataset_id = ?').pluck().get(id) as string) as Record<string, unknown>
}

/** Hourly readings, written newest first (as some loggers export them), 3 sensors each. */
const LABELS = ['2024-01-05 11:00:00', '2024-01-05 10:00:00', '2024-01-05 09:00:00', '2024-01-05 08:00:00']
const wideCsv = (labels: readonly string[], keyName = 'timestamp', sep = ','): string =>
  [[keyName, 'temp', 'press', 'vib'].join(sep), ...labels.map((label, i) => [label, 20 + i, 100 + i, i / 100].join(sep))].join('\n') + '\n'

describe('importFile: a wide file whose row labels are timestamps', () => {
  it('records each row’s time, so the latest-period goal holds out the latest rows', async () => {
    const db = tempStore()
    const result = ok(await importFile(db, tempFile('hourly.csv', wideCsv(LABELS))))
    expect(result.layout).toBe('wide')
    const { summary, matrix, rowLabels } = loadMatrix(db, result.datasetId)
    expect(summary.hasTime).toBe(true)
    // The rows keep the file's order; each entry carries its row's time.
    expect(rowLabels).toEqual(LABELS)
    for (let i = 0; i < matrix.values.length; i++) expect(matrix.times![i]).toBe(Date.parse(`${rowLabels[matrix.rows[i]!]!.replace(' ', 'T')}Z`))
    // Repeating the import from its record gives the same reading.
    expect(storedOptions(db, result.datasetId)).toMatchObject({ layout: 'wide', timeColumn: 0 })

    const { input, summary: facts } = loadPilotInput(db, result.datasetId)
    const config = { ...defaultPilotConfig(result.datasetId), goal: 'latest-period' as const, holdoutFraction: 0.25 }
    expect(checkConfigForDataset(config, facts)).toEqual([])
    const split = makeSplit(input.matrix, { goal: 'latest-period', fraction: 0.25, validationFraction: 0.1, repeats: 1, seed: 7 }, 0)
    // A quarter of 12 values: the 3 of the latest hour, which is the file's first row.
    expect(Array.from(split.test.rows)).toEqual([0, 0, 0])
  })

  it('reads the Japanese spreadsheet forms in a TSV with a Japanese header', async () => {
    const db = tempStore()
    const labels = ['2024/1/5 8:00', '2024/1/5 9:00', '2024年1月5日 10:00']
    const result = ok(await importFile(db, tempFile('日報.tsv', wideCsv(labels, '日時', '\t'))))
    const { summary, matrix } = loadMatrix(db, result.datasetId)
    expect(summary.hasTime).toBe(true)
    expect([...new Set(matrix.times)]).toEqual([Date.UTC(2024, 0, 5, 8), Date.UTC(2024, 0, 5, 9), Date.UTC(2024, 0, 5, 10)])
  })

  it('reads date cells of a workbook', async () => {
    const db = tempStore()
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('記録')
    sheet.addRow(['日時', '温度', '圧力'])
    sheet.addRow([new Date(Date.UTC(2024, 0, 5, 8)), 20.5, 101.3])
    sheet.addRow([new Date(Date.UTC(2024, 0, 5, 9)), 21, 100.9])
    const file = tempFile('記録.xlsx', new Uint8Array(await workbook.xlsx.writeBuffer()))
    const result = ok(await importFile(db, file))
    const { summary, matrix } = loadMatrix(db, result.datasetId)
    expect(summary.hasTime).toBe(true)
    expect(Array.from(matrix.times!)).toEqual([Date.UTC(2024, 0, 5, 8), Date.UTC(2024, 0, 5, 8), Date.UTC(2024, 0, 5, 9), Date.UTC(2024, 0, 5, 9)])
  })

  it('keeps labels as before when one is not a date, when they are numbers, or when the layout was chosen without a time column', async () => {
    const db = tempStore()
    for (const [labels, options] of [
      [[...LABELS, 'total'], {}],
      [['20240105', '20240106', '20240107'], {}],
      [LABELS, { layout: 'wide' as const }],
    ] as const) {
      const result = ok(await importFile(db, tempFile('plain.csv', wideCsv(labels)), options))
      const { summary, matrix, rowLabels } = loadMatrix(db, result.datasetId)
      expect(summary.hasTime).toBe(false)
      expect(matrix.times).toBeUndefined()
      expect(rowLabels).toEqual(labels)
      expect(storedOptions(db, result.datasetId)).not.toHaveProperty('timeColumn')
    }
  })

  it('takes the key column as the time column when asked, reporting a label that is no time on its line', async () => {
    const db = tempStore()
    const file = tempFile('asked.csv', wideCsv(['2024-01-05', '1704499200000', 'later']))
    const rejected = await importFile(db, file, { layout: 'wide', timeColumn: 'timestamp' })
    expect(rejected.ok).toBe(false)
    expect(rejected.report.issues.map((i) => [i.reason, i.line, i.column, i.raw])).toEqual([['bad-time', 4, 'timestamp', 'later']])
    // As missing: the row stays, without a time (counted as the oldest).
    const result = ok(await importFile(db, file, { layout: 'wide', timeColumn: 0, badCellPolicy: 'missing' }))
    expect([...new Set(loadMatrix(db, result.datasetId).matrix.times)]).toEqual([Date.UTC(2024, 0, 5), 1704499200000, NaN])
  })

  it('refuses a wide time column other than the row key', async () => {
    const db = tempStore()
    const error = await importFile(db, tempFile('other.csv', wideCsv(LABELS)), { layout: 'wide', timeColumn: 'temp' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ImportError)
    expect((error as ImportError).code).toBe('invalid-options')
  })
})
