import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { importFile } from '../../src-main/core/import/index.js'
import type { SparseMatrix } from '../../src-main/core/matrix/sparse.js'
import { createRng } from '../../src-main/core/random.js'
import { loadMatrix } from '../../src-main/core/store/datasets.js'
import { openDatabase } from '../../src-main/core/store/open.js'
import { loadMovieLens } from '../movielens.js'

/** The tables the verdict bench runs on: the shared real ones, subsamples of them, and planted ones. */
const SHARED = path.resolve('../shared/data')

export interface BenchTable {
  name: string
  matrix: SparseMatrix
  /** Wide sensor tables are scaled per column and compared on normalised RMSE. */
  layout: 'wide' | 'long'
}

/** SECOM (the shipped sample) through the real importer, as the app stores it. */
export async function loadSecom(): Promise<BenchTable> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-verdict-'))
  const db = openDatabase(dir)
  try {
    const imported = await importFile(db, path.resolve('resources/sample-data/secom.csv'))
    if (!imported.ok) throw new Error('SECOM import failed')
    return { name: 'SECOM', matrix: loadMatrix(db, imported.datasetId).matrix, layout: 'wide' }
  } finally {
    db.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** AI4I 2020's five process sensors (air and process temperature, speed, torque, tool wear): 10,000 × 5, dense. */
export function loadAi4iSensors(): BenchTable {
  const records = parse(fs.readFileSync(path.join(SHARED, 'ai4i2020/ai4i2020.csv')), { bom: true, columns: true }) as Record<string, string>[]
  const sensors = ['Air temperature [K]', 'Process temperature [K]', 'Rotational speed [rpm]', 'Torque [Nm]', 'Tool wear [min]']
  const n = records.length
  const rows = new Int32Array(n * sensors.length)
  const cols = new Int32Array(n * sensors.length)
  const values = new Float64Array(n * sensors.length)
  records.forEach((record, r) =>
    sensors.forEach((name, c) => {
      const k = r * sensors.length + c
      rows[k] = r
      cols[k] = c
      values[k] = Number(record[name])
    }),
  )
  return { name: 'AI4I 2020 sensors', matrix: { nRows: n, nCols: sensors.length, rows, cols, values }, layout: 'wide' }
}

export function loadMovieLens100k(): BenchTable {
  return { name: 'MovieLens 100K', matrix: loadMovieLens(path.join(SHARED, 'movielens-100k/u.data')), layout: 'long' }
}

/** A seeded subsample of rows and columns, re-indexed (cells of the chosen rows and columns only). */
export function subsample(table: BenchTable, nRows: number, nCols: number, seed: number): BenchTable {
  const rng = createRng(seed)
  const pick = (n: number, k: number): Int32Array => {
    const order = Int32Array.from({ length: n }, (_, i) => i)
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1)
      ;[order[i], order[j]] = [order[j]!, order[i]!]
    }
    return order.slice(0, Math.min(n, k)).sort()
  }
  const rowIndex = new Int32Array(table.matrix.nRows).fill(-1)
  const colIndex = new Int32Array(table.matrix.nCols).fill(-1)
  pick(table.matrix.nRows, nRows).forEach((r, i) => (rowIndex[r] = i))
  pick(table.matrix.nCols, nCols).forEach((c, i) => (colIndex[c] = i))
  const keep: number[] = []
  for (let i = 0; i < table.matrix.values.length; i++) if (rowIndex[table.matrix.rows[i]!]! >= 0 && colIndex[table.matrix.cols[i]!]! >= 0) keep.push(i)
  const m = table.matrix
  return {
    name: `${table.name} ${Math.min(nRows, m.nRows)}×${Math.min(nCols, m.nCols)} (seed ${seed})`,
    layout: table.layout,
    matrix: {
      nRows: Math.min(nRows, m.nRows),
      nCols: Math.min(nCols, m.nCols),
      rows: Int32Array.from(keep, (i) => rowIndex[m.rows[i]!]!),
      cols: Int32Array.from(keep, (i) => colIndex[m.cols[i]!]!),
      values: Float64Array.from(keep, (i) => m.values[i]!),
    },
  }
}

/**
 * A planted table: `lowRank` (rank-2 factors with row and column offsets) plus `nonlinear` times
 * |a_r · b_c| (3-D factors: an interaction no inner product of modest rank captures), observed at
 * `density` with Gaussian noise, entry times for the latest-period goal; `band` adds a jump where
 * a row's point lies within 0.5 of a column's spot on one axis (a banded, full-rank pattern that
 * an inner product of modest size cannot express but a network over the latents learns).
 */
export function plantedTable(options: {
  nRows: number
  nCols: number
  density: number
  nonlinear: number
  noise: number
  seed: number
  band?: number
}): BenchTable {
  const rng = createRng(options.seed)
  const { nRows, nCols } = options
  const U = Float64Array.from({ length: nRows * 2 }, () => rng.normal())
  const V = Float64Array.from({ length: nCols * 2 }, () => rng.normal())
  const A = Float64Array.from({ length: nRows * 3 }, () => rng.normal())
  const B = Float64Array.from({ length: nCols * 3 }, () => rng.normal())
  const rowOffset = Float64Array.from({ length: nRows }, () => 0.5 * rng.normal())
  const colOffset = Float64Array.from({ length: nCols }, () => 0.5 * rng.normal())
  // A machine's operating point and a sensor's sweet spot on one axis: a band around the diagonal.
  const point = Float64Array.from({ length: nRows }, () => 4 * rng.next() - 2)
  const spot = Float64Array.from({ length: nCols }, () => 4 * rng.next() - 2)
  const rows: number[] = []
  const cols: number[] = []
  const values: number[] = []
  const times: number[] = []
  for (let r = 0; r < nRows; r++) {
    for (let c = 0; c < nCols; c++) {
      if (rng.next() >= options.density) continue
      const linear = 3 + rowOffset[r]! + colOffset[c]! + (U[2 * r]! * V[2 * c]! + U[2 * r + 1]! * V[2 * c + 1]!) / Math.SQRT2
      const interaction = Math.abs(A[3 * r]! * B[3 * c]! + A[3 * r + 1]! * B[3 * c + 1]! + A[3 * r + 2]! * B[3 * c + 2]!)
      rows.push(r)
      cols.push(c)
      const near = Math.abs(point[r]! - spot[c]!) < 0.5 ? 1 : 0
      values.push(linear + options.nonlinear * interaction + (options.band ?? 0) * near + options.noise * rng.normal())
      times.push(Math.floor(rng.next() * 1e6))
    }
  }
  return {
    name: `planted ${nRows}×${nCols} @${options.density} nonlinear ${options.nonlinear} band ${options.band ?? 0} (seed ${options.seed})`,
    layout: 'long',
    matrix: { nRows, nCols, rows: Int32Array.from(rows), cols: Int32Array.from(cols), values: Float64Array.from(values), times: Float64Array.from(times) },
  }
}
