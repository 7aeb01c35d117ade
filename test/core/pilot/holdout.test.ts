import { describe, expect, it } from 'vitest'
import type { SparseMatrix } from '../../../src-main/core/matrix/sparse.js'
import { deriveSeed, makeSplits, type PilotSplit } from '../../../src-main/core/pilot/holdout.js'
import { plantedMatrix } from './helpers.js'

const matrix = plantedMatrix(60, 40, 0.5, (r, c) => r + c / 100, { seed: 1, noise: 0, times: true })
const key = (r: number, c: number): number => r * 1000 + c
/** Original-index cell keys of a part of a split (train and validation mapped back through trainRows). */
function cells(m: SparseMatrix, rowMap?: Int32Array): number[] {
  return Array.from(m.rows, (r, i) => key(rowMap ? rowMap[r]! : r, m.cols[i]!))
}
const all = new Set(cells(matrix))

function expectPartition(split: PilotSplit, extra: number[] = []): void {
  const parts = [cells(split.train, split.trainRows), cells(split.validation, split.trainRows), cells(split.test), extra]
  const seen = parts.flat()
  expect(new Set(seen).size).toBe(seen.length)
  expect(seen.length).toBe(all.size)
  for (const k of seen) expect(all.has(k)).toBe(true)
  // Values travel with their cells (value = r + c / 100 here).
  split.test.values.forEach((v, i) => expect(v).toBeCloseTo(split.test.rows[i]! + split.test.cols[i]! / 100, 12))
}

const base = { fraction: 0.2, validationFraction: 0.1, repeats: 3, seed: 5 }

describe('pilot hold-outs', () => {
  it('fill-cells: disjoint parts covering every entry, sizes from the fractions, different per repeat, same for a seed', () => {
    const splits = makeSplits(matrix, { ...base, goal: 'fill-cells' })
    for (const s of splits) {
      expectPartition(s)
      expect(s.test.values.length).toBe(Math.floor(matrix.values.length * 0.2))
      expect(s.validation.values.length).toBe(Math.floor((matrix.values.length - s.test.values.length) * 0.1))
    }
    expect(cells(splits[0]!.test)).not.toEqual(cells(splits[1]!.test))
    expect(new Set(splits.map((s) => s.seed)).size).toBe(3)
    const again = makeSplits(matrix, { ...base, goal: 'fill-cells' })
    expect(again.map((s) => cells(s.test))).toEqual(splits.map((s) => cells(s.test)))
    expect(cells(makeSplits(matrix, { ...base, seed: 6, goal: 'fill-cells' })[0]!.test)).not.toEqual(cells(splits[0]!.test))
  })

  it('new-rows: whole rows held out, half of each known for fold-in, training rows re-indexed', () => {
    const [s] = makeSplits(matrix, { ...base, goal: 'new-rows' })
    const nr = s!.newRows!
    expect(nr.originalRows.length).toBe(12)
    expectPartition(s!, cells(nr.known, nr.originalRows))
    expect(cells(nr.toPredict, nr.originalRows)).toEqual(cells(s!.test))
    const held = new Set(nr.originalRows)
    for (const r of s!.trainRows) expect(held.has(r)).toBe(false)
    expect(s!.train.nRows).toBe(48)
    for (let i = 0; i < nr.originalRows.length; i++) {
      const known = Array.from(nr.known.rows).filter((r) => r === i).length
      const toPredict = Array.from(nr.toPredict.rows).filter((r) => r === i).length
      expect(known).toBe(Math.max(1, Math.floor((known + toPredict) / 2)))
    }
  })

  it('latest-period: the test set is the latest entries, the same in every repeat', () => {
    const splits = makeSplits(matrix, { ...base, goal: 'latest-period' })
    const times = matrix.times!
    const timeOf = new Map(cells(matrix).map((k, i) => [k, times[i]!]))
    for (const s of splits) {
      expectPartition(s)
      const oldestTest = Math.min(...cells(s.test).map((k) => timeOf.get(k)!))
      const newestTrain = Math.max(...cells(s.train).map((k) => timeOf.get(k)!))
      expect(oldestTest).toBeGreaterThanOrEqual(newestTrain)
    }
    expect(cells(splits[1]!.test)).toEqual(cells(splits[0]!.test))
    expect(cells(splits[1]!.validation)).not.toEqual(cells(splits[0]!.validation))
    expect(() => makeSplits({ ...matrix, times: undefined } as SparseMatrix, { ...base, goal: 'latest-period' })).toThrow(/times/)
  })

  it('derives distinct, stable seeds', () => {
    expect(deriveSeed(0, 0)).toBe(deriveSeed(0, 0))
    const seeds = new Set([0, 1, 2].flatMap((s) => [0, 1, 2, 3].map((r) => deriveSeed(s, r))))
    expect(seeds.size).toBe(12)
  })
})
