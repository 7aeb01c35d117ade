import { describe, expect, it } from 'vitest'
import type { SparseMatrix } from '../../../src-main/core/matrix/sparse.js'
import { createKnnModel, KnnBaselineModel } from '../../../src-main/core/models/knn.js'
import { nearestRows, residualTable, ROW_SHRINKAGE } from '../../../src-main/core/models/row-neighbours.js'
import { createRng } from '../../../src-main/core/random.js'

/** Cells as a sparse matrix, ordered by row then column. */
function sparse(nRows: number, nCols: number, cells: [number, number, number][]): SparseMatrix {
  const sorted = [...cells].sort((a, b) => a[0] - b[0] || a[1] - b[1])
  return {
    nRows,
    nCols,
    rows: Int32Array.from(sorted, (c) => c[0]),
    cols: Int32Array.from(sorted, (c) => c[1]),
    values: Float64Array.from(sorted, (c) => c[2]),
  }
}

/** A table whose cells are their own residuals (zero baselines), so similarities can be worked out by hand. */
function rawTable(matrix: SparseMatrix) {
  return residualTable(Float32Array.from(matrix.values), matrix.rows, matrix.cols, matrix.nRows, matrix.nCols, {
    mu: 0,
    rowBias: new Float32Array(matrix.nRows),
    colBias: new Float32Array(matrix.nCols),
  })
}

/**
 * 40 machines × 12 sensors of independent noise around per-sensor levels, 80% observed, with three
 * planted relations to row 3: row 7 is row 3 plus a little noise, row 20 is row 3 plus more noise,
 * row 30 is row 3 mirrored around the sensor levels (it moves against row 3, so it is no neighbour).
 */
function plantedCopies(seed: number): SparseMatrix {
  const rng = createRng(seed)
  const nRows = 40
  const nCols = 12
  const level = Array.from({ length: nCols }, () => 10 + 5 * rng.next())
  const dense = Array.from({ length: nRows }, () => level.map((l) => l + rng.normal()))
  dense[7] = dense[3]!.map((v) => v + 0.05 * rng.normal())
  dense[20] = dense[3]!.map((v) => v + 0.4 * rng.normal())
  dense[30] = dense[3]!.map((v, c) => 2 * level[c]! - v)
  const cells: [number, number, number][] = []
  for (let r = 0; r < nRows; r++) {
    for (let c = 0; c < nCols; c++) if (r === 3 || r === 7 || rng.next() < 0.8) cells.push([r, c, dense[r]![c]!])
  }
  return sparse(nRows, nCols, cells)
}

describe('nearest rows (shrunk Pearson-baseline between rows)', () => {
  it('finds the near copy first, the noisier copy next, and never the mirrored row', async () => {
    for (const seed of [1, 2, 3]) {
      const matrix = plantedCopies(seed)
      const model = createKnnModel()
      await model.fit(matrix, { seed: 0 })
      const found = model.nearestRows(3, 5)
      expect(found.map((n) => n.row).slice(0, 2), `seed ${seed}`).toEqual([7, 20])
      expect(found.map((n) => n.row)).not.toContain(30)
      // Row 3 and its near copy have every sensor, so they share all 12 columns.
      expect(found[0]!.shared).toBe(12)
      found.forEach((n, i) => {
        expect(n.similarity).toBeGreaterThan(0)
        expect(n.similarity).toBeLessThanOrEqual(1)
        if (i > 0) expect(n.similarity).toBeLessThanOrEqual(found[i - 1]!.similarity)
      })
      // Symmetric: row 3 is row 7's nearest too.
      expect(model.nearestRows(7, 1)[0]!.row).toBe(3)
    }
  })

  it('gives a saved and reloaded kNN model the same neighbours', async () => {
    const model = createKnnModel()
    await model.fit(plantedCopies(4), { seed: 0 })
    const reloaded = KnnBaselineModel.fromSaved(model.toSaved())
    expect(reloaded.nearestRows(3, 10)).toEqual(model.nearestRows(3, 10))
  })

  it('matches a direct computation over every pair of rows (similarity and co-support)', () => {
    const rng = createRng(11)
    const cells: [number, number, number][] = []
    for (let r = 0; r < 25; r++) for (let c = 0; c < 9; c++) if (rng.next() < 0.6) cells.push([r, c, rng.normal()])
    const matrix = sparse(25, 9, cells)
    const table = rawTable(matrix)
    const value = (r: number, c: number): number | undefined => cells.find((x) => x[0] === r && x[1] === c)?.[2]
    for (let u = 0; u < 25; u++) {
      const expected: { row: number; similarity: number; shared: number }[] = []
      for (let v = 0; v < 25; v++) {
        if (v === u) continue
        let n = 0
        let prods = 0
        let sqU = 0
        let sqV = 0
        for (let c = 0; c < 9; c++) {
          const a = value(u, c)
          const b = value(v, c)
          if (a === undefined || b === undefined) continue
          const fa = Math.fround(a)
          const fb = Math.fround(b)
          n++
          prods += fa * fb
          sqU += fa * fa
          sqV += fb * fb
        }
        const s = n >= 2 ? (prods / Math.sqrt(sqU * sqV)) * ((n - 1) / (n - 1 + ROW_SHRINKAGE)) : 0
        if (s > 0) expected.push({ row: v, similarity: s, shared: n })
      }
      expected.sort((x, y) => y.similarity - x.similarity || x.row - y.row)
      const found = nearestRows(table, u, 25)
      expect(found.map((n) => [n.row, n.shared])).toEqual(expected.map((n) => [n.row, n.shared]))
      found.forEach((n, i) => expect(n.similarity).toBeCloseTo(expected[i]!.similarity, 12))
    }
  })

  it('shrinks a perfect match on few shared columns below a close match on many', () => {
    // Row 0: a pattern over 12 columns; row 1: the pattern plus noise on all 12; row 2: twice the
    // pattern on 3 columns only (a correlation of exactly 1, resting on 3 cells).
    const rng = createRng(5)
    const pattern = Array.from({ length: 12 }, () => rng.normal())
    const cells: [number, number, number][] = []
    pattern.forEach((p, c) => {
      cells.push([0, c, p], [1, c, p + 0.3 * rng.normal()])
      if (c < 3) cells.push([2, c, 2 * p])
    })
    const table = rawTable(sparse(3, 12, cells))

    const unshrunk = nearestRows(table, 0, 2, 0)
    expect(unshrunk.map((n) => n.row)).toEqual([2, 1])
    expect(unshrunk[0]!.similarity).toBeCloseTo(1, 6)
    expect(unshrunk.map((n) => n.shared)).toEqual([3, 12])

    const shrunk = nearestRows(table, 0, 2)
    expect(shrunk.map((n) => n.row)).toEqual([1, 2])
    // Each similarity is its correlation times (n − 1) / (n − 1 + shrinkage).
    const correlation = new Map(unshrunk.map((n) => [n.row, n.similarity]))
    for (const n of shrunk) expect(n.similarity).toBeCloseTo(correlation.get(n.row)! * ((n.shared - 1) / (n.shared - 1 + ROW_SHRINKAGE)), 12)
  })

  it('lists nothing for a row with one value, and refuses a row outside the table', () => {
    const table = rawTable(
      sparse(3, 3, [
        [0, 0, 1],
        [0, 1, 2],
        [0, 2, 3],
        [1, 0, 2],
        [1, 1, 4],
        [1, 2, 7],
        [2, 1, 5],
      ]),
    )
    expect(nearestRows(table, 2, 5)).toEqual([])
    expect(nearestRows(table, 0, 5).map((n) => n.row)).toEqual([1])
    expect(() => nearestRows(table, 3, 5)).toThrow(RangeError)
  })
})
