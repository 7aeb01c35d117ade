import ExcelJS from 'exceljs'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { exportCompletedMatrix } from '../../../src-main/core/export/completed-matrix.js'
import { exportMissingPredictions } from '../../../src-main/core/export/missing-predictions.js'
import { exportRiskList } from '../../../src-main/core/export/risk-list.js'
import { csvField, csvNumber } from '../../../src-main/core/files/csv-field.js'
import { exportDatasetCsv } from '../../../src-main/core/import/export-csv.js'
import { writePredictionsCsv } from '../../../src-main/core/reuse/predictions-csv.js'
import { removeTempDirs, storeWithModels } from '../export/helpers.js'

afterEach(removeTempDirs)

/** Labels a spreadsheet would run as formulas, one per guarded first character, plus harmless ones. */
const HOSTILE = ['=HYPERLINK("http://x","y")', '+1+2', '-2+3', '@SUM(A1)', '\t=1', '\r=1']
const label = (p: 'row' | 'col', i: number): string => (i < HOSTILE.length ? HOSTILE[i]! : `${p}-${i}`)

/** Splits a CSV text into records of raw (still encoded) fields: enough for the files written here. */
function rawFields(text: string): string[][] {
  const records: string[][] = []
  let fields: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      field += ch
      if (ch === '"' && text[i + 1] === '"') field += text[++i]
      else if (ch === '"') quoted = false
    } else if (ch === '"') {
      quoted = true
      field += ch
    } else if (ch === ',') {
      fields.push(field)
      field = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      fields.push(field)
      records.push(fields)
      fields = []
      field = ''
    } else field += ch
  }
  if (field !== '' || fields.length > 0) records.push([...fields, field])
  return records
}

/** A field as a spreadsheet sees it: starts with a formula character outside quotes, or inside quotes. */
function formulaFields(text: string): string[] {
  return rawFields(text.replace(/^\uFEFF/, ''))
    .flat()
    .filter((f) => /^"?[=+\-@\t\r]/.test(f) && !/^-?\d/.test(f))
}

describe('csvField', () => {
  it('guards text starting with =, +, -, @, tab or CR with a quoted leading apostrophe', () => {
    expect(HOSTILE.map((t) => csvField(t))).toEqual([`"'=HYPERLINK(""http://x"",""y"")"`, `"'+1+2"`, `"'-2+3"`, `"'@SUM(A1)"`, `"'\t=1"`, `"'\r=1"`])
    expect(csvField('温度, "炉"')).toBe('"温度, ""炉"""')
    expect(csvField('a=b')).toBe('a=b')
    expect(csvField(' x')).toBe('" x"')
  })

  it('writes labels as they are with rawLabels, and never guards numbers', () => {
    expect(csvField('=1+2', { rawLabels: true })).toBe('=1+2')
    expect(csvField('-2,3', { rawLabels: true })).toBe('"-2,3"')
    expect(csvNumber(-1.5)).toBe('-1.5')
    expect(csvNumber(-0.000125)).toBe('-0.000125')
  })
})

describe('every CSV writer guards labels (and only labels)', () => {
  it('completed matrix (wide and long), missing predictions, dataset CSV and predictions CSV', async () => {
    const f = await storeWithModels({ nRows: 8, nCols: 7, fraction: 0.6, kind: 'numeric', models: [{ kind: 'bias', seed: 1 }], labels: label })
    // Negative values: numbers must come out as numbers.
    f.db.prepare('UPDATE entries SET value = -value - 0.5 WHERE (row_idx + col_idx) % 2 = 0').run()
    const files: Record<string, string> = {}
    const write = async (name: string, rawLabels: boolean, run: (out: string) => Promise<unknown>): Promise<void> => {
      const out = path.join(f.dir, `${name}${rawLabels ? '-raw' : ''}.csv`)
      await run(out)
      files[`${name}${rawLabels ? '-raw' : ''}`] = fs.readFileSync(out, 'utf8')
    }
    for (const rawLabels of [false, true]) {
      await write('wide', rawLabels, (out) => exportCompletedMatrix(f.db, f.modelIds[0]!, { format: 'csv', layout: 'wide', rawLabels }, out))
      await write('long', rawLabels, (out) => exportCompletedMatrix(f.db, f.modelIds[0]!, { format: 'csv', layout: 'long', rawLabels }, out))
      await write('missing', rawLabels, (out) => exportMissingPredictions(f.db, f.modelIds, { format: 'csv', rawLabels }, out))
      await write('dataset', rawLabels, (out) => exportDatasetCsv(f.db, f.datasetId, out, { rawLabels }))
      await write('predictions', rawLabels, (out) =>
        writePredictionsCsv(
          out,
          {
            model: { id: 1, name: 'm', kind: 'bias', datasetId: f.datasetId },
            engine: 'typed-arrays',
            rowLabels: HOSTILE,
            columnLabels: ['@col', 'ok'],
            row: Int32Array.from([0, 2, 5, 3]),
            column: Int32Array.from([0, 1, 1, 1]),
            value: Float64Array.from([-1.25, 2, 7, -3]),
            observed: Uint8Array.from([1, 0, 0, 1]),
            nPredicted: 2,
            nObserved: 2,
          },
          { rawLabels },
        ),
      )
    }
    for (const name of ['wide', 'long', 'missing', 'dataset', 'predictions']) {
      const guarded = files[name]!
      expect(formulaFields(guarded), name).toEqual([])
      expect(guarded, name).toContain(`"'=HYPERLINK(""http://x"",""y"")"`)
      expect(guarded, name).toContain(`"'-2+3"`)
      // The raw file has the labels exactly (RFC 4180 quoting only).
      const raw = files[`${name}-raw`]!
      expect(raw, name).toContain('=HYPERLINK(""http://x"",""y"")')
      expect(raw, name).not.toContain(`'`)
      expect(formulaFields(raw).length, name).toBeGreaterThan(0)
    }
    // Negative numbers stay plain numbers in every file.
    for (const name of ['wide', 'long', 'dataset', 'predictions']) expect(files[name], name).toMatch(/,-\d+(\.\d+)?(,|\r?\n)/)
  })

  it('risk list (0/1 data)', async () => {
    const f = await storeWithModels({ nRows: 8, nCols: 7, fraction: 0.5, kind: 'binary', models: [{ kind: 'bias', seed: 1 }], labels: label })
    const out = path.join(f.dir, 'risk.csv')
    await exportRiskList(f.db, f.modelIds[0]!, { topN: 40, format: 'csv' }, out)
    const text = fs.readFileSync(out, 'utf8')
    expect(formulaFields(text)).toEqual([])
    expect(text).toContain(`"'@SUM(A1)"`)
    await exportRiskList(f.db, f.modelIds[0]!, { topN: 40, format: 'csv', rawLabels: true }, out)
    expect(fs.readFileSync(out, 'utf8')).toContain(',@SUM(A1),')
  })

  it('XLSX keeps labels exact, as string cells a spreadsheet does not evaluate', async () => {
    const f = await storeWithModels({ nRows: 8, nCols: 7, fraction: 0.6, kind: 'numeric', models: [{ kind: 'bias', seed: 1 }], labels: label })
    const out = path.join(f.dir, 'm.xlsx')
    await exportCompletedMatrix(f.db, f.modelIds[0]!, { format: 'xlsx', layout: 'wide' }, out)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(out)
    const sheet = workbook.getWorksheet('matrix')!
    const header = sheet.getRow(1)
    for (let i = 0; i < HOSTILE.length; i++) {
      const cell = header.getCell(i + 2)
      expect(cell.type).toBe(ExcelJS.ValueType.String)
      // XML reads a CR back as LF (line-end normalisation); the point is that the text is kept, unprefixed.
      expect(cell.value).toBe(HOSTILE[i]!.replace('\r', '\n'))
      expect(sheet.getRow(i + 2).getCell(1).type).toBe(ExcelJS.ValueType.String)
    }
    // In the file itself: shared strings, no <f> (formula) element anywhere.
    const zip = fs.readFileSync(out)
    expect(zip.includes(Buffer.from('<f>'))).toBe(false)
  })
})
