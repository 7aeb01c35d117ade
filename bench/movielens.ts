import fs from 'node:fs'
import type { SparseMatrix } from '../src-main/core/matrix/sparse.js'

/** MovieLens u.data (user, item, rating, time; tab separated) as a sparse matrix, ids indexed in order of appearance as torch_nnmf.py does. */
export function loadMovieLens(file: string): SparseMatrix {
  const lines = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
  const rowIds = new Map<string, number>()
  const colIds = new Map<string, number>()
  const n = lines.length
  const rows = new Int32Array(n)
  const cols = new Int32Array(n)
  const values = new Float64Array(n)
  lines.forEach((line, i) => {
    const [u, m, r] = line.split(/\s+/)
    if (!rowIds.has(u!)) rowIds.set(u!, rowIds.size)
    if (!colIds.has(m!)) colIds.set(m!, colIds.size)
    rows[i] = rowIds.get(u!)!
    cols[i] = colIds.get(m!)!
    values[i] = Number(r)
  })
  return { nRows: rowIds.size, nCols: colIds.size, rows, cols, values }
}
