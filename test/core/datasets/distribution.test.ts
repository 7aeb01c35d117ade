import { describe, expect, it } from 'vitest'
import { binCount, histogram, MAX_INTEGER_BINS, storedColumnDistribution, storedColumnStats } from '../../../src-main/core/datasets/distribution.js'
import { createRng } from '../../../src-main/core/random.js'
import { openDatabase } from '../../../src-main/core/store/open.js'
import { useTempDirs } from '../../helpers/temp-dir.js'
import { FIVE_BY_FOUR, writeEntries } from './helpers.js'

const tempDir = useTempDirs()

describe('column value distribution', () => {
  it('bins nine values into three equal-width bins over [min, max], max in the last bin', () => {
    const values = [0, 1, 2, 3, 3.5, 6, 8.9, 9, 9]
    const expected = [
      { lo: 0, hi: 3, count: 3 }, // 0, 1, 2
      { lo: 3, hi: 6, count: 2 }, // 3, 3.5
      { lo: 6, hi: 9, count: 4 }, // 6, 8.9, 9, 9
    ]
    expect(binCount(9)).toBe(3)
    expect(histogram(values, 'numeric')).toEqual(expected)

    const db = openDatabase(tempDir())
    // Column 1 holds the values; column 0 holds other values that must not leak into it.
    const entries: [number, number, number][] = values.map((v, r) => [r, 1, v])
    entries.push([0, 0, -100], [8, 0, 100])
    const id = writeEntries(db, { nRows: 9, nCols: 2 }, entries)
    const distribution = storedColumnDistribution(db, id, 1, 'numeric')!
    expect(distribution.bins).toEqual(expected)
    expect(distribution.column).toMatchObject({ index: 1, label: 'c1', count: 9, min: 0, max: 9 })
    expect(distribution.column.mean).toBeCloseTo(42.4 / 9, 12)
    db.close()
  })

  it('counts zeros and ones of a binary column, and gives one bin to a constant column and none to an empty one', () => {
    expect(histogram([0, 1, 1, 0, 1], 'binary')).toEqual([
      { lo: 0, hi: 0, count: 2 },
      { lo: 1, hi: 1, count: 3 },
    ])
    const db = openDatabase(tempDir())
    const binary = writeEntries(
      db,
      { nRows: 5, nCols: 1 },
      [
        [0, 0, 0],
        [1, 0, 1],
        [2, 0, 1],
        [3, 0, 0],
        [4, 0, 1],
      ],
      { valueKind: 'binary' },
    )
    expect(storedColumnDistribution(db, binary, 0, 'binary')!.bins).toEqual([
      { lo: 0, hi: 0, count: 2 },
      { lo: 1, hi: 1, count: 3 },
    ])

    const other = writeEntries(db, { nRows: 3, nCols: 2 }, [
      [0, 0, 5],
      [2, 0, 5],
    ])
    expect(storedColumnDistribution(db, other, 0, 'numeric')!.bins).toEqual([{ lo: 5, hi: 5, count: 2 }])
    const empty = storedColumnDistribution(db, other, 1, 'numeric')!
    expect(empty.bins).toEqual([])
    expect(empty.column).toEqual({ index: 1, label: 'c1', count: 0, mean: null, std: null, min: null, max: null })
    expect(storedColumnDistribution(db, other, 2, 'numeric')).toBeUndefined()
    expect(storedColumnDistribution(db, 999, 0, 'numeric')).toBeUndefined()
    db.close()
  })

  it('matches the in-memory histogram on random normal values (√n bins, capped at 30)', () => {
    const rng = createRng(11)
    const values = Array.from({ length: 2_000 }, () => 50 + 10 * rng.normal())
    const db = openDatabase(tempDir())
    const id = writeEntries(
      db,
      { nRows: values.length, nCols: 1 },
      values.map((v, r) => [r, 0, v]),
    )
    const stored = storedColumnDistribution(db, id, 0, 'numeric')!
    expect(stored.bins).toHaveLength(30)
    expect(stored.bins).toEqual(histogram(values, 'numeric'))
    expect(stored.bins.reduce((a, b) => a + b.count, 0)).toBe(2_000)
    // A bell: the middle bins hold more than the tails.
    expect(stored.bins[15]!.count).toBeGreaterThan(stored.bins[0]!.count + stored.bins[29]!.count)
    db.close()
  })

  it('gives integer ratings one bin per integer, an unseen rating included, in memory and stored alike', () => {
    // Ratings 1, 2, 4, 5 (no 3): equal-width bins would be half ratings, every other one empty.
    const ratings = [1, 1, 2, 4, 4, 4, 5, 5, 1, 2, 5, 4, 2, 1, 4, 5]
    const expected = [
      { lo: 1, hi: 1, count: 4 },
      { lo: 2, hi: 2, count: 3 },
      { lo: 3, hi: 3, count: 0 },
      { lo: 4, hi: 4, count: 5 },
      { lo: 5, hi: 5, count: 4 },
    ]
    expect(histogram(ratings, 'numeric')).toEqual(expected)
    // Negative integers too: a temperature offset from −2 to 2.
    expect(histogram([-2, 0, 2, 2], 'numeric').map((b) => [b.lo, b.count])).toEqual([
      [-2, 1],
      [-1, 0],
      [0, 1],
      [1, 0],
      [2, 2],
    ])

    const db = openDatabase(tempDir())
    // Column 0: the ratings; column 1: the same plus one half rating, which keeps equal-width bins.
    const entries: [number, number, number][] = ratings.map((v, r) => [r, 0, v])
    ratings.forEach((v, r) => entries.push([r, 1, r === 0 ? 1.5 : v]))
    const id = writeEntries(db, { nRows: ratings.length, nCols: 2 }, entries)
    expect(storedColumnDistribution(db, id, 0, 'numeric')!.bins).toEqual(expected)
    const halves = storedColumnDistribution(db, id, 1, 'numeric')!.bins
    expect(halves).toHaveLength(binCount(ratings.length))
    expect(halves[0]).toMatchObject({ lo: 1, hi: 2 })
    expect(halves).toEqual(
      histogram(
        entries.filter((e) => e[1] === 1).map((e) => e[2]),
        'numeric',
      ),
    )
    db.close()
  })

  it(`keeps equal-width bins for integers over a range wider than ${MAX_INTEGER_BINS} integers`, () => {
    const rng = createRng(3)
    const wide = Array.from({ length: 400 }, () => Math.floor(rng.next() * (MAX_INTEGER_BINS + 1)))
    wide.push(0, MAX_INTEGER_BINS)
    const bins = histogram(wide, 'numeric')
    expect(bins).toHaveLength(binCount(wide.length))
    expect(bins[0]).toMatchObject({ lo: 0, hi: MAX_INTEGER_BINS / binCount(wide.length) })
    // One integer fewer: one bin per integer.
    const narrow = wide.map((v) => Math.min(v, MAX_INTEGER_BINS - 1))
    expect(histogram(narrow, 'numeric')).toHaveLength(MAX_INTEGER_BINS)

    const db = openDatabase(tempDir())
    const id = writeEntries(
      db,
      { nRows: wide.length, nCols: 2 },
      wide.flatMap((v, r): [number, number, number][] => [
        [r, 0, v],
        [r, 1, narrow[r]!],
      ]),
    )
    expect(storedColumnDistribution(db, id, 0, 'numeric')!.bins).toEqual(bins)
    expect(storedColumnDistribution(db, id, 1, 'numeric')!.bins).toEqual(histogram(narrow, 'numeric'))
    db.close()
  })

  it('lists every column with the statistics stored at import', () => {
    const db = openDatabase(tempDir())
    const id = writeEntries(db, { nRows: 5, nCols: 4 }, FIVE_BY_FOUR)
    const columns = storedColumnStats(db, id)
    expect(columns.map((c) => [c.label, c.count, c.min, c.max])).toEqual([
      ['c0', 3, 1, 8],
      ['c1', 3, 2, 9],
      ['c2', 2, 3, 10],
      ['c3', 2, 4, 7],
    ])
    // c0 = {1, 5, 8}: mean 14/3, population variance ((1−14/3)² + (5−14/3)² + (8−14/3)²)/3 = 74/9.
    expect(columns[0]!.mean).toBeCloseTo(14 / 3, 12)
    expect(columns[0]!.std).toBeCloseTo(Math.sqrt(74 / 9), 12)
    db.close()
  })
})
