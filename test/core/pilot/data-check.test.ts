import { describe, expect, it } from 'vitest'
import type { SparseMatrix } from '../../../src-main/core/matrix/sparse.js'
import { CONSTANT_COLUMNS_NAMED, checkData } from '../../../src-main/core/pilot/data-check.js'
import { createRng } from '../../../src-main/core/random.js'

/** Every cell of an nRows × nCols matrix with value f(r, c), except where `skip` says so. */
function dense(nRows: number, nCols: number, f: (r: number, c: number) => number, skip: (r: number, c: number) => boolean = () => false): SparseMatrix {
  const rows: number[] = []
  const cols: number[] = []
  const values: number[] = []
  for (let r = 0; r < nRows; r++)
    for (let c = 0; c < nCols; c++) {
      if (skip(r, c)) continue
      rows.push(r)
      cols.push(c)
      values.push(f(r, c))
    }
  return { nRows, nCols, rows: Int32Array.from(rows), cols: Int32Array.from(cols), values: Float64Array.from(values) }
}

const rng = createRng(3)
const gaussian = (): number => rng.normal()

describe('data check', () => {
  it('finds a large, dense, well-behaved matrix suitable', () => {
    const check = checkData(dense(300, 100, gaussian), 'numeric')
    expect(check.verdict).toBe('suitable')
    expect(check.reasons).toEqual([])
    expect(check.stats).toMatchObject({ nRows: 300, nCols: 100, observed: 30_000, density: 1, detectedKind: 'numeric', rowsBelow: 0, colsBelow: 0 })
  })

  it('cautions below 20k observed values and refuses below 2k', () => {
    const few = checkData(dense(100, 80, gaussian), 'numeric')
    expect(few.verdict).toBe('caution')
    expect(few.reasons).toContainEqual({ code: 'few-observations', severity: 'caution', observed: 8000, threshold: 20_000 })
    const tiny = checkData(dense(40, 40, gaussian), 'numeric')
    expect(tiny.verdict).toBe('unsuitable')
    expect(tiny.reasons).toContainEqual({ code: 'too-few-observations', severity: 'unsuitable', observed: 1600, threshold: 2000 })
    expect(checkData(dense(5, 3000, gaussian), 'numeric').reasons).toContainEqual({ code: 'too-few-rows', severity: 'unsuitable', count: 5, threshold: 10 })
  })

  it('counts sparse rows and columns against the threshold', () => {
    // Rows 0..99 keep only 3 cells (columns 0..2); the other 200 rows are full.
    const m = dense(300, 100, gaussian, (r, c) => r < 100 && c >= 3)
    const check = checkData(m, 'numeric')
    expect(check.stats.rowsBelow).toBe(100)
    expect(check.reasons).toContainEqual({ code: 'sparse-rows', severity: 'caution', count: 100, total: 300, threshold: 5 })
    expect(check.reasons.find((r) => r.code === 'sparse-columns')).toBeUndefined()
    expect(check.verdict).toBe('caution')
    // A few sparse rows are only worth a mention.
    const someRows = checkData(
      dense(300, 100, gaussian, (r, c) => r < 10 && c >= 3),
      'numeric',
    )
    expect(someRows.reasons).toContainEqual({ code: 'sparse-rows', severity: 'info', count: 10, total: 300, threshold: 5 })
    expect(someRows.verdict).toBe('suitable')
    const verySparse = checkData(
      dense(3000, 1000, gaussian, (r, c) => (r * 7 + c * 13) % 250 !== 0),
      'numeric',
    )
    expect(verySparse.reasons.map((r) => r.code)).toContain('very-sparse')
  })

  it('finds skewed columns, mixed units and constant columns', () => {
    // Columns 0..39 log-normal (skewness ≈ 6); 40..59 in thousands; 60 constant; the rest in hundredths.
    const m = dense(400, 100, (_r, c) => {
      const z = gaussian()
      if (c < 40) return Math.exp(z)
      if (c < 60) return 1000 * z
      if (c === 60) return 7
      return 0.01 * z
    })
    const labels = Array.from({ length: 100 }, (_, c) => `sensor-${c}`)
    const check = checkData(m, 'numeric', labels)
    const codes = Object.fromEntries(check.reasons.map((r) => [r.code, r]))
    expect(codes['skewed-columns']).toMatchObject({ severity: 'caution', count: 40, total: 100, threshold: 2 })
    // Named, the most skewed first: exactly the log-normal columns, in decreasing |skewness|.
    const skewedNames = (codes['skewed-columns'] as { columns: string[] }).columns
    expect([...skewedNames].sort()).toEqual(labels.slice(0, 40).sort())
    const g1 = (c: number): number => {
      const v = Array.from({ length: 400 }, (_, r) => m.values[r * 100 + c]!)
      const mean = v.reduce((a, b) => a + b, 0) / v.length
      const m2 = v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length
      return Math.abs(v.reduce((a, b) => a + (b - mean) ** 3, 0) / v.length / m2 ** 1.5)
    }
    const order = skewedNames.map((name) => g1(Number(name.slice('sensor-'.length))))
    expect(order).toEqual([...order].sort((a, b) => b - a))
    expect(codes['mixed-units']).toMatchObject({ severity: 'info', threshold: 2 })
    expect((codes['mixed-units'] as { orders: number }).orders).toBeGreaterThan(4)
    expect(codes['constant-columns']).toEqual({ code: 'constant-columns', severity: 'info', count: 1, columns: ['sensor-60'] })
  })

  it('names at most CONSTANT_COLUMNS_NAMED constant columns but counts them all', () => {
    const m = dense(50, 120, (_r, c) => (c < 100 ? 0.03 : gaussian()))
    const reason = checkData(m, 'numeric').reasons.find((r) => r.code === 'constant-columns')
    expect(reason).toMatchObject({ count: 100 })
    const columns = (reason as { columns: string[] }).columns
    expect(columns).toHaveLength(CONSTANT_COLUMNS_NAMED)
    expect(columns.slice(0, 2)).toEqual(['1', '2'])
  })

  it('checks binary data: detected kind, rare positives', () => {
    const rare = dense(300, 100, (r, c) => ((r * 100 + c) % 200 === 0 ? 1 : 0))
    const check = checkData(rare, 'binary')
    expect(check.stats.detectedKind).toBe('binary')
    expect(check.stats.positiveRate).toBeCloseTo(0.005, 12)
    expect(check.reasons).toContainEqual({ code: 'rare-positives', severity: 'caution', positives: 150, rate: 0.005, threshold: 0.01 })
    expect(checkData(rare, 'numeric').reasons.map((r) => r.code)).toContain('binary-values-as-numeric')
  })
})
