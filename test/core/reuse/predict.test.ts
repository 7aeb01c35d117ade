import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rmse } from '../../../src-main/core/eval/metrics.js'
import { importFile, ImportError } from '../../../src-main/core/import/index.js'
import { chooseNnmfEngine, type EngineChoice } from '../../../src-main/core/models/nnmf/choose-engine.js'
import { createRng } from '../../../src-main/core/random.js'
import {
  predictionRecords,
  predictNewRows,
  readNewRows,
  reusableModel,
  ReuseError,
  writePredictionsCsv,
  type NewRows,
} from '../../../src-main/core/reuse/index.js'
import { listDatasets } from '../../../src-main/core/store/datasets.js'
import { openDatabase, type Db } from '../../../src-main/core/store/open.js'
import { trainAndSave } from '../../../src-main/core/runs/train-run.js'
import { lowRank } from '../models/planted.js'

/**
 * A planted low-rank matrix (rank 3 plus row and column offsets, noise 0.1): 200 known machines
 * train the models through the real import and training paths; 40 new machines come in a separate
 * file with about half their cells, are folded in, and are scored on the cells they did not show.
 */
const N_OLD = 200
const N_NEW = 40
const N_COLS = 40
const NOISE = 0.1
const truth = lowRank(N_OLD + N_NEW, N_COLS, 3, 21)
const colLabel = (c: number): string => `sensor ${String(c + 1).padStart(2, '0')}`
const rowLabel = (r: number): string => `M-${1000 + r}`

let dir: string
let db: Db
let engine: EngineChoice
const modelIds: Record<'bias' | 'mf' | 'nnmf', number> = { bias: 0, mf: 0, nnmf: 0 }
/** Held-out cells of the new rows: label pair → true value. */
const heldOut = new Map<string, number>()
let newRowsFile: string

function writeCsv(name: string, header: string[], lines: string[][]): string {
  const file = path.join(dir, name)
  fs.writeFileSync(file, [header, ...lines].map((l) => l.join(',')).join('\n') + '\n')
  return file
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnmf-reuse-'))
  db = openDatabase(path.join(dir, 'store'))
  engine = await chooseNnmfEngine('fastcpu')
  const rng = createRng(5)
  const cell = (r: number, c: number): string => (truth(r, c) + NOISE * rng.normal()).toFixed(4)

  const header = ['machine', ...Array.from({ length: N_COLS }, (_, c) => colLabel(c))]
  const trainLines = Array.from({ length: N_OLD }, (_, r) => [rowLabel(r), ...Array.from({ length: N_COLS }, (_, c) => (rng.next() < 0.6 ? cell(r, c) : ''))])
  const imported = await importFile(db, writeCsv('train.csv', header, trainLines))
  if (!imported.ok) throw new Error('training import rejected')

  // New rows: columns in reverse order, column 1 left out, one column the model never saw.
  const newCols = Array.from({ length: N_COLS }, (_, c) => N_COLS - 1 - c).filter((c) => c !== 0)
  const newHeader = ['machine', ...newCols.map(colLabel), 'ambient temp']
  const newLines = Array.from({ length: N_NEW }, (_, k) => {
    const r = N_OLD + k
    const fields = newCols.map((c) => {
      if (rng.next() < 0.5) return cell(r, c)
      heldOut.set(`${rowLabel(r)}\t${colLabel(c)}`, truth(r, c))
      return ''
    })
    return [rowLabel(r), ...fields, '21.5']
  })
  for (let k = 0; k < N_NEW; k++) heldOut.set(`${rowLabel(N_OLD + k)}\t${colLabel(0)}`, truth(N_OLD + k, 0))
  newRowsFile = writeCsv('new.csv', newHeader, newLines)

  const train = async (kind: 'bias' | 'mf' | 'nnmf', overrides?: Record<string, unknown>): Promise<number> =>
    (await trainAndSave(db, { datasetId: imported.datasetId, kind, seed: 0, validationFraction: 0.05, ...(overrides ? { overrides } : {}) }, { engine }))
      .modelId
  modelIds.bias = await train('bias')
  modelIds.mf = await train('mf', { d: 3, lambda: 1 })
  modelIds.nnmf = await train('nnmf', {
    architecture: { d: 4, dPrime: 8, k: 1, hidden: [32, 32] },
    lambda: 0.3,
    batchSize: 256,
    learningRate: 1e-2,
    maxEpochs: 60,
  })
}, 120_000)

afterAll(() => {
  db?.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

async function readForModel(file: string, modelId: number, options: Record<string, unknown> = {}): Promise<NewRows> {
  const { columnLabels, valueKind } = reusableModel(db, modelId)
  const read = await readNewRows(file, { valueKind, ...options }, columnLabels)
  if (!read.ok) throw new Error(`rejected: ${read.report.issues[0]?.message}`)
  return read.rows
}

async function heldOutRmse(modelId: number): Promise<number> {
  const p = await predictNewRows(db, modelId, await readForModel(newRowsFile, modelId), { engine, seed: 1 })
  const predicted: number[] = []
  const actual: number[] = []
  for (const rec of predictionRecords(p)) {
    const t = heldOut.get(`${rec.row}\t${rec.column}`)
    if (t === undefined) continue
    expect(rec.observed).toBe(false)
    predicted.push(rec.value)
    actual.push(t)
  }
  expect(actual.length).toBe(heldOut.size)
  return rmse(Float64Array.from(predicted), Float64Array.from(actual))
}

describe('predicting new rows with a saved model', () => {
  it('fold-in of MF and NNMF beats the row-bias fold-in on the cells the new rows did not show', async () => {
    const datasetsBefore = listDatasets(db).length
    const bias = await heldOutRmse(modelIds.bias)
    const mf = await heldOutRmse(modelIds.mf)
    const nnmf = await heldOutRmse(modelIds.nnmf)
    console.log(
      `held-out RMSE on ${heldOut.size} cells of ${N_NEW} new rows: bias ${bias.toFixed(4)}, MF ${mf.toFixed(4)}, NNMF ${nnmf.toFixed(4)} (noise ${NOISE})`,
    )
    expect(mf).toBeLessThan(0.5 * bias)
    expect(nnmf).toBeLessThan(0.8 * bias)
    // Nothing was written: reuse reads, folds in and predicts only.
    expect(listDatasets(db).length).toBe(datasetsBefore)
  }, 60_000)

  it('matches columns by label, reports unknown ones and predicts absent ones', async () => {
    const { columnLabels, valueKind } = reusableModel(db, modelIds.mf)
    const read = await readNewRows(newRowsFile, { valueKind }, columnLabels)
    expect(read.ok).toBe(true)
    if (!read.ok) return
    expect(read.unknownColumns).toEqual(['ambient temp'])
    expect(read.absentColumns).toBe(1)
    expect(read.rows.columnLabels).toEqual(columnLabels)
    expect(read.rows.rowLabels[0]).toBe(rowLabel(N_OLD))
    // The file's first data line: its "sensor 40" cell lands in the model's column 39.
    const firstLine = fs.readFileSync(newRowsFile, 'utf8').split('\n')[1]!.split(',')
    const e = [...read.rows.matrix.rows.keys()].find((i) => read.rows.matrix.rows[i] === 0 && read.rows.matrix.cols[i] === N_COLS - 1)
    if (firstLine[1] === '') expect(e).toBeUndefined()
    else expect(read.rows.matrix.values[e!]).toBe(Number(firstLine[1]))

    const p = await predictNewRows(db, modelIds.mf, read.rows, { engine })
    expect(p.value.length).toBe(N_NEW * N_COLS)
    expect(p.nObserved).toBe(read.rows.matrix.values.length)
    expect(p.nPredicted).toBe(N_NEW * N_COLS - p.nObserved)
    expect(p.value.every(Number.isFinite)).toBe(true)
    // Observed cells carry the file's values.
    for (let i = 0; i < read.rows.matrix.values.length; i++) {
      const at = read.rows.matrix.rows[i]! * N_COLS + read.rows.matrix.cols[i]!
      expect(p.observed[at]).toBe(1)
      expect(p.value[at]).toBe(read.rows.matrix.values[i])
    }

    // Surrounding spaces in a header still match; a file with no model column is refused.
    const spaced = path.join(dir, 'spaced.csv')
    fs.writeFileSync(spaced, 'machine, sensor 02 ,sensor 03\nX,1.5,\n')
    const s = await readNewRows(spaced, {}, columnLabels)
    expect(s.ok && [...s.rows.matrix.cols]).toEqual([1])
    const foreign = path.join(dir, 'foreign.csv')
    fs.writeFileSync(foreign, 'machine,speed\nX,1\n')
    await expect(readNewRows(foreign, {}, columnLabels)).rejects.toMatchObject({ name: 'ImportError', code: 'no-data', file: 'foreign.csv' })
  })

  it('reports bad cells with line and column exactly like an import, and writes nothing', async () => {
    const { columnLabels } = reusableModel(db, modelIds.mf)
    const bad = path.join(dir, 'bad.csv')
    fs.writeFileSync(bad, 'machine,sensor 01,sensor 02\nA,1.0,2.0\nB,3.0,oops\n')
    const counts = listDatasets(db).length
    const read = await readNewRows(bad, {}, columnLabels)
    expect(read.ok).toBe(false)
    expect(read.report.issues[0]).toMatchObject({ reason: 'not-a-number', line: 3, column: 'sensor 02', raw: 'oops' })
    // The same file through the real import gives the same report.
    const imported = await importFile(db, bad)
    expect(imported.ok).toBe(false)
    expect(imported.report).toEqual(read.report)
    // As missing, the row is kept and its bad cell predicted.
    const lenient = await readNewRows(bad, { badCellPolicy: 'missing' }, columnLabels)
    expect(lenient.ok && lenient.rows.matrix.values.length).toBe(3)
    expect(listDatasets(db).length).toBe(counts)
    const ragged = path.join(dir, 'ragged.csv')
    fs.writeFileSync(ragged, 'machine,sensor 01\n"A,1\n')
    await expect(readNewRows(ragged, {}, columnLabels)).rejects.toBeInstanceOf(ImportError)
  })

  it('refuses unknown models and rows read for other columns', async () => {
    const rows = await readForModel(newRowsFile, modelIds.mf)
    await expect(predictNewRows(db, 9999, rows, { engine })).rejects.toMatchObject({ code: 'no-such-model' })
    await expect(predictNewRows(db, modelIds.mf, { ...rows, columnLabels: rows.columnLabels.slice(1) }, { engine })).rejects.toBeInstanceOf(ReuseError)
  })

  it('writes predictions as UTF-8 CSV with a BOM, one line per cell, values exact', async () => {
    const p = await predictNewRows(db, modelIds.mf, await readForModel(newRowsFile, modelIds.mf), { engine })
    const out = path.join(dir, 'predictions.csv')
    await writePredictionsCsv(out, p)
    const bytes = fs.readFileSync(out)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = bytes.subarray(3).toString('utf8').split('\r\n')
    expect(lines[0]).toBe('row,column,value,observed,model')
    expect(lines.at(-1)).toBe('')
    expect(lines.length - 2).toBe(N_NEW * N_COLS)
    const records = [...predictionRecords(p)]
    lines.slice(1, -1).forEach((line, i) => {
      const [row, column, value, observed, model] = line.split(',')
      const rec = records[i]!
      expect([row, column, Number(value), observed, Number(model)]).toEqual([rec.row, rec.column, rec.value, rec.observed ? '1' : '0', modelIds.mf])
    })
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })
})
