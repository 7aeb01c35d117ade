import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { afterEach, describe, expect, it } from 'vitest'
import { exportMissingPredictions } from '../../../src-main/core/export/missing-predictions.js'
import { exportRiskList, TopN } from '../../../src-main/core/export/risk-list.js'
import { loadModel } from '../../../src-main/core/models/registry.js'
import { createRng } from '../../../src-main/core/random.js'
import { writeDataset } from '../../../src-main/core/store/datasets.js'
import { loadSavedModel } from '../../../src-main/core/store/models.js'
import { observedMap, removeTempDirs, storeWithModels, type Fixture } from './helpers.js'

afterEach(removeTempDirs)

/** The unobserved cells in row-major order and each model's predictions for them, computed apart from the exporter. */
async function missingCells(f: Fixture, modelIds: number[]): Promise<{ rows: number[]; cols: number[]; predictions: Float64Array[] }> {
  const seen = observedMap(f.matrix)
  const rows: number[] = []
  const cols: number[] = []
  for (let r = 0; r < f.matrix.nRows; r++)
    for (let c = 0; c < f.matrix.nCols; c++)
      if (!seen.has(`${r},${c}`)) {
        rows.push(r)
        cols.push(c)
      }
  const predictions = await Promise.all(modelIds.map((id) => loadModel(loadSavedModel(f.db, id)).predict(Int32Array.from(rows), Int32Array.from(cols))))
  return { rows, cols, predictions }
}

const readCsv = (file: string): string[][] => parse(fs.readFileSync(file), { bom: true }) as string[][]

describe('exportMissingPredictions', () => {
  it('one model: its predictions bitwise, spread empty', async () => {
    const f = await storeWithModels({ nRows: 30, nCols: 8, fraction: 0.5, kind: 'numeric', models: [{ kind: 'mf', seed: 1 }] })
    const id = f.modelIds[0]!
    const expected = await missingCells(f, [id])
    const file = path.join(f.dir, 'missing.csv')
    const summary = await exportMissingPredictions(f.db, [id], { format: 'csv' }, file)
    expect(summary.cells).toBe(expected.rows.length)
    const table = readCsv(file)
    expect(table[0]).toEqual(['row', 'column', 'prediction', 'spread', 'n_models', 'model'])
    expect(table.slice(1)).toEqual(
      expected.rows.map((r, i) => [f.rowLabels[r], f.colLabels[expected.cols[i]!], String(expected.predictions[0]![i]), '', '1', `mf#${id}`]),
    )
    f.db.close()
  })

  it('several models: mean and sample standard deviation across them, in CSV and XLSX', async () => {
    const f = await storeWithModels({
      nRows: 25,
      nCols: 7,
      fraction: 0.5,
      kind: 'numeric',
      models: [
        { kind: 'mf', seed: 1 },
        { kind: 'mf', seed: 2, d: 3 },
        { kind: 'bias', seed: 3 },
      ],
    })
    const expected = await missingCells(f, f.modelIds)
    const [a, b, c] = expected.predictions as [Float64Array, Float64Array, Float64Array]
    // Hand formula for three values: sd² = Σ(x − m)² / 2.
    const want = expected.rows.map((_, i) => {
      const m = (a[i]! + b[i]! + c[i]!) / 3
      return { m, sd: Math.sqrt(((a[i]! - m) ** 2 + (b[i]! - m) ** 2 + (c[i]! - m) ** 2) / 2) }
    })
    expect(want.some((w) => w.sd > 1e-3)).toBe(true)
    const [m1, m2, m3] = f.modelIds
    const tag = `mean(mf#${m1},mf#${m2},bias#${m3})`

    const csv = path.join(f.dir, 'missing.csv')
    await exportMissingPredictions(f.db, f.modelIds, { format: 'csv' }, csv)
    const table = readCsv(csv).slice(1)
    expect(table).toHaveLength(expected.rows.length)
    table.forEach((line, i) => {
      expect(line.slice(0, 2)).toEqual([f.rowLabels[expected.rows[i]!], f.colLabels[expected.cols[i]!]])
      // Summation order may differ from the hand formula: equal to ~1e-12, not bitwise.
      expect(Number(line[2])).toBeCloseTo(want[i]!.m, 12)
      expect(Number(line[3])).toBeCloseTo(want[i]!.sd, 12)
      expect(line.slice(4)).toEqual(['3', tag])
    })

    const xlsx = path.join(f.dir, 'missing.xlsx')
    await exportMissingPredictions(f.db, f.modelIds, { format: 'xlsx', language: 'en' }, xlsx)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(xlsx)
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['predictions', 'legend'])
    const sheet = workbook.getWorksheet('predictions')!
    expect(sheet.rowCount).toBe(expected.rows.length + 1)
    // The XLSX holds the same doubles as the CSV, bitwise.
    table.forEach((line, i) => {
      const values = sheet.getRow(i + 2).values as unknown[]
      expect(values.slice(1)).toEqual([line[0], line[1], Number(line[2]), Number(line[3]), 3, tag])
    })
    f.db.close()
  })

  it('refuses a model that is not complete, and models of different datasets', async () => {
    const f = await storeWithModels({
      nRows: 12,
      nCols: 5,
      fraction: 0.6,
      kind: 'numeric',
      models: [
        { kind: 'bias', seed: 0 },
        { kind: 'bias', seed: 1 },
      ],
    })
    const [first, second] = f.modelIds as [number, number]
    const other = writeDataset(f.db, {
      name: 'other',
      valueKind: 'numeric',
      layout: 'wide',
      rowLabels: f.rowLabels,
      colLabels: f.colLabels,
      matrix: f.matrix,
      provenance: { fileName: 'y.csv', fileSize: 0, sha256: '', options: {}, counts: {}, issues: [], startedAt: new Date(0).toISOString() },
    })
    f.db.prepare('UPDATE models SET dataset_id = ? WHERE id = ?').run(other, second)
    const file = path.join(f.dir, 'x.csv')
    await expect(exportMissingPredictions(f.db, [first, second], { format: 'csv' }, file)).rejects.toThrow(/different datasets/)
    f.db.prepare('UPDATE models SET status = ? WHERE id = ?').run('cancelled', first)
    await expect(exportMissingPredictions(f.db, [first], { format: 'csv' }, file)).rejects.toThrow(/cancelled, not complete/)
    expect(fs.existsSync(file)).toBe(false)
    f.db.close()
  })
})

describe('exportRiskList', () => {
  it('lists the top-N unobserved cells by predicted probability, highest first, in CSV and XLSX', async () => {
    const f = await storeWithModels({ nRows: 40, nCols: 6, fraction: 0.5, kind: 'binary', models: [{ kind: 'mf', seed: 4 }] })
    const id = f.modelIds[0]!
    const expected = await missingCells(f, [id])
    const p = expected.predictions[0]!
    expect(Math.min(...p)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...p)).toBeLessThanOrEqual(1)
    const order = expected.rows
      .map((_, i) => i)
      .sort((x, y) => p[y]! - p[x]! || x - y)
      .slice(0, 10)

    const csv = path.join(f.dir, 'risk.csv')
    const result = await exportRiskList(f.db, id, { topN: 10 }, csv)
    expect(result.entries).toHaveLength(10)
    const table = readCsv(csv)
    expect(table[0]).toEqual(['rank', 'row', 'failure_mode', 'probability', 'model'])
    expect(table.slice(1)).toEqual(
      order.map((i, k) => [String(k + 1), f.rowLabels[expected.rows[i]!], f.colLabels[expected.cols[i]!], String(p[i]), `mf#${id}`]),
    )

    const xlsx = path.join(f.dir, 'risk.xlsx')
    await exportRiskList(f.db, id, { topN: 10, format: 'xlsx', language: 'ja' }, xlsx)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(xlsx)
    const sheet = workbook.getWorksheet('risk')!
    order.forEach((i, k) =>
      expect((sheet.getRow(k + 2).values as unknown[]).slice(1)).toEqual([
        k + 1,
        f.rowLabels[expected.rows[i]!],
        f.colLabels[expected.cols[i]!],
        p[i],
        `mf#${id}`,
      ]),
    )
    f.db.close()
  })

  it('refuses a measurement (non 0/1) dataset', async () => {
    const f = await storeWithModels({ nRows: 12, nCols: 5, fraction: 0.6, kind: 'numeric', models: [{ kind: 'bias', seed: 0 }] })
    const file = path.join(f.dir, 'r.csv')
    await expect(exportRiskList(f.db, f.modelIds[0]!, { topN: 5 }, file)).rejects.toThrow(/needs a failure matrix/)
    expect(fs.existsSync(file)).toBe(false)
    f.db.close()
  })

  it('TopN equals a full sort on random scores with ties', () => {
    const rng = createRng(11)
    const entries = Array.from({ length: 5000 }, (_, i) => ({ row: Math.floor(i / 50), col: i % 50, probability: Math.round(rng.next() * 200) / 200 }))
    const top = new TopN(137)
    for (const e of entries) top.offer(e)
    const sorted = [...entries].sort((a, b) => b.probability - a.probability || a.row - b.row || a.col - b.col).slice(0, 137)
    expect(top.sorted()).toEqual(sorted)
  })
})
