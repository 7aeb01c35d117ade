import { afterEach, describe, expect, it } from 'vitest'
import { findRows } from '../../../src-main/core/datasets/row-search.js'
import { similarRows, storedRowSimilarityTable } from '../../../src-main/core/datasets/similar-rows.js'
import { createRng } from '../../../src-main/core/random.js'
import { writeDataset } from '../../../src-main/core/store/datasets.js'
import { openDatabase, type Db } from '../../../src-main/core/store/open.js'
import { useTempDirs } from '../../helpers/temp-dir.js'
import { writeEntries } from './helpers.js'

const tempDir = useTempDirs()
let db: Db | undefined
afterEach(() => db?.close())

/**
 * 30 presses × 8 sensors on scales from 0.01 to 1000 (standardised before comparing, as the models
 * do). 'Press-07' is 'Press-03' plus a little noise; 'Press-29' has one value only. With
 * `constantColumns`, two more columns that never change: a supply voltage every press has, and a
 * die setting every other press has.
 */
function writePresses(store: Db, constantColumns = false): number {
  const rng = createRng(21)
  const scale = [1000, 0.01, 5, 50, 0.3, 2, 120, 8]
  const dense = Array.from({ length: 30 }, () => scale.map((s) => s * (10 + rng.normal())))
  dense[7] = dense[3]!.map((v, c) => v + 0.05 * scale[c]! * rng.normal())
  const cells: [number, number, number][] = []
  dense.forEach((row, r) => {
    row.forEach((v, c) => {
      const observed = r === 29 ? c === 0 : r === 3 || r === 7 || rng.next() < 0.85
      if (observed) cells.push([r, c, v])
    })
    if (constantColumns) {
      cells.push([r, 8, 230])
      if (r % 2 === 1) cells.push([r, 9, 0.35])
    }
  })
  const nCols = constantColumns ? 10 : 8
  return writeDataset(store, {
    name: 'presses',
    valueKind: 'numeric',
    layout: 'wide',
    rowLabels: Array.from({ length: 30 }, (_, r) => `Press-${String(r).padStart(2, '0')}`),
    colLabels: Array.from({ length: nCols }, (_, c) => `sensor ${c}`),
    matrix: {
      nRows: 30,
      nCols,
      rows: Int32Array.from(cells, (c) => c[0]),
      cols: Int32Array.from(cells, (c) => c[1]),
      values: Float64Array.from(cells, (c) => c[2]),
    },
    provenance: { fileName: 'presses.csv', fileSize: 1, sha256: '0'.repeat(64), options: {}, counts: {}, issues: [], startedAt: '2026-01-01T00:00:00.000Z' },
  })
}

describe('similar rows of a stored dataset', () => {
  it('names a near copy first, with its similarity and shared columns', async () => {
    db = openDatabase(tempDir())
    const id = writePresses(db)
    const prepared = (await storedRowSimilarityTable(db, id))!
    const result = similarRows(prepared, 3, 5)
    expect(result.row).toEqual({ index: 3, label: 'Press-03', observed: 8 })
    expect(result.neighbours[0]).toMatchObject({ index: 7, label: 'Press-07', observed: 8, shared: 8 })
    expect(result.neighbours[0]!.similarity).toBeGreaterThan(result.neighbours[1]!.similarity)
    expect(result.neighbours.length).toBeLessThanOrEqual(5)
    expect(result.note).toBeNull()
    // Each neighbour's observed count and shared columns are its own.
    for (const n of result.neighbours) expect(n.shared).toBeLessThanOrEqual(n.observed)
  })

  it('reads a dataset in blocks of rows to the same table as in one read', async () => {
    db = openDatabase(tempDir())
    const id = writePresses(db)
    const whole = (await storedRowSimilarityTable(db, id))!
    // 20 cells a read: two rows of 8 sensors at a time, 15 reads.
    const blocks = (await storedRowSimilarityTable(db, id, 20))!
    expect(blocks.table.residual).toEqual(whole.table.residual)
    expect(blocks.table.rows).toEqual(whole.table.rows)
    expect(blocks.rowLabels).toEqual(whole.rowLabels)
    expect(similarRows(blocks, 3, 5)).toEqual(similarRows(whole, 3, 5))
  })

  it('says why a row with one value has no neighbours, and knows no missing dataset', async () => {
    db = openDatabase(tempDir())
    const id = writePresses(db)
    const result = similarRows((await storedRowSimilarityTable(db, id))!, 29, 5)
    expect(result).toMatchObject({ row: { label: 'Press-29', observed: 1 }, neighbours: [], note: 'too-few-values' })
    expect(await storedRowSimilarityTable(db, id + 1)).toBeUndefined()
  })

  it('leaves constant columns out of the similarity and the shared columns, and counts them', async () => {
    db = openDatabase(tempDir())
    const plain = similarRows((await storedRowSimilarityTable(db, writePresses(db)))!, 3, 5)
    const withConstant = similarRows((await storedRowSimilarityTable(db, writePresses(db, true)))!, 3, 5)
    expect(plain.constantColumns).toBe(0)
    expect(withConstant.constantColumns).toBe(2)
    // The row and its neighbours keep every observed cell in their counts (constant ones too)...
    expect(withConstant.row).toEqual({ index: 3, label: 'Press-03', observed: 10 })
    expect(withConstant.neighbours[0]).toMatchObject({ index: 7, observed: 10, shared: 8 })
    // ...but the columns that never change add nothing to the similarity or to the shared count.
    const compared = (result: typeof plain) => result.neighbours.map(({ index, similarity, shared }) => ({ index, similarity, shared }))
    expect(compared(withConstant)).toEqual(compared(plain))
    expect(withConstant.neighbours.length).toBeGreaterThan(1)
  })

  it('does not compare a row on the constant columns alone', async () => {
    db = openDatabase(tempDir())
    // 'Press-29' has one sensor value and both constant values: three cells, one worth comparing.
    const result = similarRows((await storedRowSimilarityTable(db, writePresses(db, true)))!, 29, 5)
    expect(result).toMatchObject({ row: { label: 'Press-29', observed: 3 }, neighbours: [], constantColumns: 2, note: 'too-few-values' })
    // A table of constant columns only has nothing to compare.
    const flat = writeEntries(db, { nRows: 3, nCols: 2 }, [
      [0, 0, 1],
      [0, 1, 7],
      [1, 0, 1],
      [1, 1, 7],
      [2, 0, 1],
    ])
    const none = similarRows((await storedRowSimilarityTable(db, flat))!, 0, 5)
    expect(none).toMatchObject({ row: { observed: 2 }, neighbours: [], constantColumns: 2, note: 'too-few-values' })
  })

  it('finds rows by part of their label, an exact label first', () => {
    db = openDatabase(tempDir())
    const id = writePresses(db)
    expect(findRows(db, id, 'press-2', 3)).toEqual({
      rows: [
        { index: 20, label: 'Press-20', observed: expect.any(Number) },
        { index: 21, label: 'Press-21', observed: expect.any(Number) },
        { index: 22, label: 'Press-22', observed: expect.any(Number) },
      ],
      more: true,
    })
    expect(findRows(db, id, 'Press-2', 50).rows.map((r) => r.index)).toEqual([20, 21, 22, 23, 24, 25, 26, 27, 28, 29])
    expect(findRows(db, id, 'Press-29', 5)).toMatchObject({ rows: [{ index: 29, observed: 1 }], more: false })
    expect(findRows(db, id, '', 2)).toMatchObject({ rows: [{ index: 0 }, { index: 1 }], more: true })
    expect(findRows(db, id, 'nothing like it', 5)).toEqual({ rows: [], more: false })
  })
})
