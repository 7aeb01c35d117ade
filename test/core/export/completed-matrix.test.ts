import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { afterEach, describe, expect, it } from 'vitest'
import { exportCompletedMatrix } from '../../../src-main/core/export/completed-matrix.js'
import { loadModel } from '../../../src-main/core/models/registry.js'
import { loadSavedModel } from '../../../src-main/core/store/models.js'
import { observedMap, removeTempDirs, storeWithModels, type Fixture } from './helpers.js'

afterEach(removeTempDirs)

/** Every missing cell's prediction from the model loaded on its own, in one predict call ("r,c" → value). */
async function independentPredictions(f: Fixture, modelId: number): Promise<Map<string, number>> {
  const model = loadModel(loadSavedModel(f.db, modelId))
  const seen = observedMap(f.matrix)
  const rows: number[] = []
  const cols: number[] = []
  for (let r = 0; r < f.matrix.nRows; r++)
    for (let c = 0; c < f.matrix.nCols; c++)
      if (!seen.has(`${r},${c}`)) {
        rows.push(r)
        cols.push(c)
      }
  const predicted = await model.predict(Int32Array.from(rows), Int32Array.from(cols))
  return new Map(rows.map((r, i) => [`${r},${cols[i]}`, predicted[i]!]))
}

function readCsv(file: string): string[][] {
  const bytes = fs.readFileSync(file)
  // UTF-8 with a BOM, for Excel on Japanese Windows.
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  return parse(bytes, { bom: true, relax_column_count: false }) as string[][]
}

describe('exportCompletedMatrix', () => {
  it('writes every cell in wide and long CSV: observed values and predictions bitwise, labels exact', async () => {
    const f = await storeWithModels({ nRows: 37, nCols: 11, fraction: 0.4, kind: 'numeric', models: [{ kind: 'mf', seed: 1 }] })
    const id = f.modelIds[0]!
    const observed = observedMap(f.matrix)
    const predicted = await independentPredictions(f, id)
    const wide = path.join(f.dir, '補完.csv')
    const summary = await exportCompletedMatrix(f.db, id, { format: 'csv', layout: 'wide' }, wide)
    expect(summary).toMatchObject({ cells: 37 * 11, observed: f.matrix.values.length, predicted: 37 * 11 - f.matrix.values.length })

    const table = readCsv(wide)
    expect(table[0]).toEqual(['row', ...f.colLabels])
    expect(table).toHaveLength(38)
    for (let r = 0; r < 37; r++) {
      expect(table[r + 1]![0]).toBe(f.rowLabels[r])
      for (let c = 0; c < 11; c++) {
        const key = `${r},${c}`
        // Number(text) recovers the double exactly: the writer uses the shortest round-trip form.
        expect(Number(table[r + 1]![c + 1])).toBe(observed.get(key) ?? predicted.get(key))
      }
    }

    const long = path.join(f.dir, 'long.csv')
    await exportCompletedMatrix(f.db, id, { format: 'csv', layout: 'long' }, long)
    const records = readCsv(long)
    expect(records[0]).toEqual(['row', 'column', 'value', 'source', 'model'])
    expect(records).toHaveLength(37 * 11 + 1)
    let k = 1
    for (let r = 0; r < 37; r++) {
      for (let c = 0; c < 11; c++) {
        const [row, column, value, source, model] = records[k++]!
        const key = `${r},${c}`
        expect([row, column]).toEqual([f.rowLabels[r], f.colLabels[c]])
        if (observed.has(key)) expect([Number(value), source, model]).toEqual([observed.get(key), 'observed', ''])
        else expect([Number(value), source, model]).toEqual([predicted.get(key), 'predicted', `mf#${id}`])
      }
    }
    // Nothing left behind but the two exports (the temporary files were renamed into place).
    expect(
      fs
        .readdirSync(f.dir)
        .filter((n) => n.endsWith('.csv'))
        .sort(),
    ).toEqual(['long.csv', '補完.csv'])
    f.db.close()
  })

  it('writes XLSX with predicted cells styled, a Japanese legend and the long form on a third sheet', async () => {
    const f = await storeWithModels({ nRows: 23, nCols: 9, fraction: 0.5, kind: 'numeric', models: [{ kind: 'mf', seed: 2 }] })
    const id = f.modelIds[0]!
    const observed = observedMap(f.matrix)
    const predicted = await independentPredictions(f, id)
    const file = path.join(f.dir, 'completed.xlsx')
    await exportCompletedMatrix(f.db, id, { format: 'xlsx', layout: 'wide', language: 'ja' }, file)

    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(file)
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['matrix', 'legend', 'long'])
    const matrix = workbook.getWorksheet('matrix')!
    expect(matrix.getRow(1).values).toEqual([undefined, 'row', ...f.colLabels])
    for (let r = 0; r < 23; r++) {
      const row = matrix.getRow(r + 2)
      expect(row.getCell(1).value).toBe(f.rowLabels[r])
      for (let c = 0; c < 9; c++) {
        const key = `${r},${c}`
        const cell = row.getCell(c + 2)
        expect(cell.value).toBe(observed.get(key) ?? predicted.get(key))
        expect(Boolean(cell.font?.italic)).toBe(!observed.has(key))
      }
    }
    const legend = workbook.getWorksheet('legend')!
    const legendText = legend
      .getSheetValues()
      .flat()
      .filter((v) => typeof v === 'string')
      .join('\n')
    expect(legendText).toContain('予測値')
    expect(legendText).toContain('試験データ')
    const long = workbook.getWorksheet('long')!
    expect(long.rowCount).toBe(23 * 9 + 1)
    const row5 = long.getRow(6).values as unknown[]
    const key = `${0},${4}`
    expect(row5.slice(1)).toEqual(
      observed.has(key)
        ? [f.rowLabels[0], f.colLabels[4], observed.get(key), 'observed']
        : [f.rowLabels[0], f.colLabels[4], predicted.get(key), 'predicted', `mf#${id}`],
    )
    f.db.close()
  })

  it('refuses an unknown model and leaves no file', async () => {
    const f = await storeWithModels({ nRows: 12, nCols: 4, fraction: 0.5, kind: 'numeric', models: [] })
    const file = path.join(f.dir, 'x.csv')
    await expect(exportCompletedMatrix(f.db, 99, { format: 'csv', layout: 'wide' }, file)).rejects.toThrow(/No model with id 99/)
    expect(fs.existsSync(file)).toBe(false)
    f.db.close()
  })
})
