import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { SparseMatrix } from '../../../src-main/core/matrix/sparse.js'
import { createModel } from '../../../src-main/core/models/create.js'
import { createRng } from '../../../src-main/core/random.js'
import { writeDataset, type ValueKind } from '../../../src-main/core/store/datasets.js'
import { saveModel } from '../../../src-main/core/store/models.js'
import { openDatabase, type Db } from '../../../src-main/core/store/open.js'

const dirs: string[] = []
export function tempDir(prefix = 'nnmf-export-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  dirs.push(dir)
  return dir
}
export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
}

/** A rows × cols matrix with a fraction observed: low-rank numeric values, or 0/1 from a logistic of it. */
export function plantedMatrix(nRows: number, nCols: number, fraction: number, kind: ValueKind, seed: number): SparseMatrix {
  const rng = createRng(seed)
  const u = Float64Array.from({ length: nRows * 2 }, () => rng.normal())
  const v = Float64Array.from({ length: nCols * 2 }, () => rng.normal())
  const rows: number[] = []
  const cols: number[] = []
  const values: number[] = []
  for (let r = 0; r < nRows; r++) {
    for (let c = 0; c < nCols; c++) {
      if (rng.next() >= fraction) continue
      const s = u[2 * r]! * v[2 * c]! + u[2 * r + 1]! * v[2 * c + 1]!
      rows.push(r)
      cols.push(c)
      // Values with many digits, so a round trip that loses precision shows.
      values.push(kind === 'binary' ? (rng.next() < 1 / (1 + Math.exp(2 - 2 * s)) ? 1 : 0) : 10 + 3 * s + 0.1 * rng.normal())
    }
  }
  return { nRows, nCols, rows: Int32Array.from(rows), cols: Int32Array.from(cols), values: Float64Array.from(values) }
}

export interface Fixture {
  db: Db
  dir: string
  datasetId: number
  modelIds: number[]
  rowLabels: string[]
  colLabels: string[]
  matrix: SparseMatrix
}

/**
 * A store with one dataset (Japanese labels, including ones that need CSV quoting) and `kinds`
 * models trained on it (real models, seeded), saved as complete.
 */
export async function storeWithModels(options: {
  nRows: number
  nCols: number
  fraction: number
  kind: ValueKind
  models: { kind: 'mean' | 'bias' | 'mf'; seed: number; d?: number }[]
  labels?: (prefix: 'row' | 'col', i: number) => string
}): Promise<Fixture> {
  const dir = tempDir()
  const db = openDatabase(dir)
  const matrix = plantedMatrix(options.nRows, options.nCols, options.fraction, options.kind, 7)
  const label = options.labels ?? ((p, i) => (p === 'row' ? `装置-${i + 1}` : i === 1 ? '温度, "炉"' : `センサー${i + 1}`))
  const rowLabels = Array.from({ length: matrix.nRows }, (_, i) => label('row', i))
  const colLabels = Array.from({ length: matrix.nCols }, (_, i) => label('col', i))
  const datasetId = writeDataset(db, {
    name: '試験データ',
    valueKind: options.kind,
    layout: 'wide',
    rowLabels,
    colLabels,
    matrix,
    provenance: { fileName: 'x.csv', fileSize: 0, sha256: '', options: {}, counts: {}, issues: [], startedAt: new Date(0).toISOString() },
  })
  const modelIds: number[] = []
  for (const spec of options.models) {
    const model = createModel(spec.kind, {
      layout: 'wide',
      valueKind: options.kind,
      overrides: spec.kind === 'mf' ? { d: spec.d ?? 2, maxEpochs: 10 } : {},
    })
    await model.fit(matrix, { seed: spec.seed })
    modelIds.push(
      saveModel(db, {
        datasetId,
        name: `${spec.kind} seed ${spec.seed}`,
        backend: 'typed arrays',
        engine: 'als',
        seed: spec.seed,
        dataHash: 'test',
        status: 'complete',
        saved: model.toSaved(),
      }),
    )
  }
  return { db, dir, datasetId, modelIds, rowLabels, colLabels, matrix }
}

/** The stored value of every observed cell, keyed "r,c". */
export function observedMap(matrix: SparseMatrix): Map<string, number> {
  const map = new Map<string, number>()
  for (let i = 0; i < matrix.values.length; i++) map.set(`${matrix.rows[i]},${matrix.cols[i]}`, matrix.values[i]!)
  return map
}
