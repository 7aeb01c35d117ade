import type { SparseMatrix } from '../../src-main/core/matrix/sparse.js'
import { createRng } from '../../src-main/core/random.js'
import { writeDataset } from '../../src-main/core/store/datasets.js'
import type { Db } from '../../src-main/core/store/open.js'

/** A seeded rank-`rank` matrix plus noise, observed at `density`, as stored datasets come. */
export function plantedLowRank(options: { nRows: number; nCols: number; rank: number; density: number; noise: number; seed: number }): SparseMatrix {
  const rng = createRng(options.seed)
  const u = Array.from({ length: options.nRows * options.rank }, () => rng.normal())
  const v = Array.from({ length: options.nCols * options.rank }, () => rng.normal())
  const rows: number[] = []
  const cols: number[] = []
  const values: number[] = []
  for (let r = 0; r < options.nRows; r++) {
    for (let c = 0; c < options.nCols; c++) {
      if (rng.next() >= options.density) continue
      let x = 0
      for (let k = 0; k < options.rank; k++) x += u[r * options.rank + k]! * v[c * options.rank + k]!
      rows.push(r)
      cols.push(c)
      values.push(x + options.noise * rng.normal())
    }
  }
  return { nRows: options.nRows, nCols: options.nCols, rows: Int32Array.from(rows), cols: Int32Array.from(cols), values: Float64Array.from(values) }
}

export function writePlantedDataset(db: Db, matrix: SparseMatrix, name = 'planted'): number {
  return writeDataset(db, {
    name,
    valueKind: 'numeric',
    layout: 'long',
    rowLabels: Array.from({ length: matrix.nRows }, (_, i) => `r${i}`),
    colLabels: Array.from({ length: matrix.nCols }, (_, i) => `c${i}`),
    matrix,
    provenance: { fileName: 'planted', fileSize: 0, sha256: '', options: {}, counts: {}, issues: [], startedAt: new Date().toISOString() },
  })
}
