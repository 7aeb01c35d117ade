import { describe, expect, it } from 'vitest'
import { blockOf, blockStarts, downsampleMask, storedMaskBlocks } from '../../../src-main/core/datasets/mask.js'
import { createRng } from '../../../src-main/core/random.js'
import { openDatabase } from '../../../src-main/core/store/open.js'
import { useTempDirs } from '../../helpers/temp-dir.js'
import { FIVE_BY_FOUR, writeEntries } from './helpers.js'

const tempDir = useTempDirs()

function asMatrix(nRows: number, nCols: number, entries: [number, number, number][]) {
  return { nRows, nCols, rows: entries.map((e) => e[0]), cols: entries.map((e) => e[1]) }
}

describe('downsampled observed mask', () => {
  it('splits 5 rows into 2 blocks as rows 0–2 and 3–4', () => {
    expect([0, 1, 2, 3, 4].map((r) => blockOf(r, 5, 2))).toEqual([0, 0, 0, 1, 1])
    expect(blockStarts(5, 2)).toEqual([0, 3, 5])
    expect(blockStarts(4, 2)).toEqual([0, 2, 4])
    // Never an empty block when blocks ≤ n.
    const starts = blockStarts(1567, 200)
    for (let b = 0; b < 200; b++) expect(starts[b + 1]! - starts[b]!).toBeGreaterThanOrEqual(1)
    for (let r = 0; r < 1567; r++) {
      const b = blockOf(r, 1567, 200)
      expect(r >= starts[b]! && r < starts[b + 1]!).toBe(true)
    }
  })

  it('gives the hand-computed 2 × 2 blocks of the 5 × 4 example, in memory and from the store', () => {
    // Block (0,0) rows 0–2 × cols 0–1: 3 of 6 observed; (0,1): 2 of 6; (1,0) rows 3–4 × cols 0–1: 3 of 4; (1,1): 2 of 4.
    const expected = {
      blockRows: 2,
      blockCols: 2,
      rowStarts: [0, 3, 5],
      colStarts: [0, 2, 4],
      observed: [3, 2, 3, 2],
      fraction: [0.5, 2 / 6, 0.75, 0.5],
    }
    expect(downsampleMask(asMatrix(5, 4, FIVE_BY_FOUR), 2)).toEqual(expected)
    const db = openDatabase(tempDir())
    const id = writeEntries(db, { nRows: 5, nCols: 4 }, FIVE_BY_FOUR)
    expect(storedMaskBlocks(db, id, { nRows: 5, nCols: 4 }, 2)).toEqual(expected)
    db.close()
  })

  it('is the mask itself when the matrix is smaller than the block limit', () => {
    const db = openDatabase(tempDir())
    const id = writeEntries(db, { nRows: 5, nCols: 4 }, FIVE_BY_FOUR)
    const mask = storedMaskBlocks(db, id, { nRows: 5, nCols: 4 })
    expect([mask.blockRows, mask.blockCols]).toEqual([5, 4])
    const expected = new Array(20).fill(0)
    for (const [r, c] of FIVE_BY_FOUR) expected[r * 4 + c] = 1
    expect(mask.fraction).toEqual(expected)
    db.close()
  })

  it('agrees with the in-memory count on a random uneven matrix, and counts every entry once', () => {
    const rng = createRng(7)
    const [nRows, nCols] = [537, 311]
    const seen = new Set<number>()
    const entries: [number, number, number][] = []
    for (let k = 0; k < 40_000; k++) {
      // Denser towards the top-left, so blocks differ.
      const r = Math.floor(nRows * rng.next() ** 2)
      const c = Math.floor(nCols * rng.next() ** 1.5)
      if (!seen.has(r * nCols + c)) {
        seen.add(r * nCols + c)
        entries.push([r, c, rng.normal()])
      }
    }
    const db = openDatabase(tempDir())
    const id = writeEntries(db, { nRows, nCols }, entries)
    const stored = storedMaskBlocks(db, id, { nRows, nCols }, 200)
    expect(stored).toEqual(downsampleMask(asMatrix(nRows, nCols, entries), 200))
    expect(stored.observed.reduce((a, b) => a + b, 0)).toBe(entries.length)
    expect(Math.min(...stored.fraction)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...stored.fraction)).toBeLessThanOrEqual(1)
    expect(stored.fraction[0]).toBeGreaterThan(stored.fraction[stored.fraction.length - 1]!)
    db.close()
  })
})
