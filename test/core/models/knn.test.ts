import { describe, expect, it } from 'vitest'
import type { SparseMatrix } from '../../../src-main/core/matrix/sparse.js'
import { createKnnModel } from '../../../src-main/core/models/knn.js'
import { plant } from './planted.js'

/**
 * KNNBaseline written out as Surprise's Python does it (dense arrays, user = row, item = column,
 * item_based = True, pearson_baseline, baselines by ALS), to check the model against.
 */
function surpriseKnnBaseline(train: SparseMatrix, o: { k: number; minK: number; shrinkage: number }) {
  const { nRows, nCols } = train
  const ur: [number, number][][] = Array.from({ length: nRows }, () => [])
  const ir: [number, number][][] = Array.from({ length: nCols }, () => [])
  train.values.forEach((r, e) => {
    ur[train.rows[e]!]!.push([train.cols[e]!, r])
    ir[train.cols[e]!]!.push([train.rows[e]!, r])
  })
  const mu = train.values.reduce((a, b) => a + b, 0) / train.values.length
  const bu = new Array<number>(nRows).fill(0)
  const bi = new Array<number>(nCols).fill(0)
  for (let epoch = 0; epoch < 10; epoch++) {
    for (let i = 0; i < nCols; i++) bi[i] = ir[i]!.reduce((s, [u, r]) => s + r - mu - bu[u]!, 0) / (10 + ir[i]!.length)
    for (let u = 0; u < nRows; u++) bu[u] = ur[u]!.reduce((s, [i, r]) => s + r - mu - bi[i]!, 0) / (15 + ur[u]!.length)
  }
  const sim = Array.from({ length: nCols }, () => new Array<number>(nCols).fill(0))
  for (let xi = 0; xi < nCols; xi++) {
    for (let xj = 0; xj < nCols; xj++) {
      if (xi === xj) continue
      let freq = 0
      let prods = 0
      let sqi = 0
      let sqj = 0
      for (let u = 0; u < nRows; u++) {
        const ri = ur[u]!.find(([i]) => i === xi)
        const rj = ur[u]!.find(([i]) => i === xj)
        if (!ri || !rj) continue
        const di = ri[1] - (mu + bi[xi]! + bu[u]!)
        const dj = rj[1] - (mu + bi[xj]! + bu[u]!)
        freq++
        prods += di * dj
        sqi += di * di
        sqj += dj * dj
      }
      sim[xi]![xj] = freq < 2 ? 0 : (prods / Math.sqrt(sqi * sqj)) * ((freq - 1) / (freq - 1 + o.shrinkage))
    }
  }
  return (u: number, i: number): number => {
    let est = mu + bu[u]! + bi[i]!
    const neighbours = ur[u]!.map(([j, r]) => ({ s: sim[i]![j]!, r, j }))
      .sort((a, b) => b.s - a.s)
      .slice(0, o.k)
    let sumSim = 0
    let sumRatings = 0
    let actualK = 0
    for (const { s, r, j } of neighbours) {
      if (s <= 0) continue
      sumSim += s
      sumRatings += s * (r - (mu + bi[j]! + bu[u]!))
      actualK++
    }
    if (actualK < o.minK) sumRatings = 0
    if (sumSim > 0) est += sumRatings / sumSim
    return est
  }
}

describe('knn (KNNBaseline, item-based, pearson_baseline)', () => {
  const truth = (r: number, c: number): number => 3 + Math.sin(r * 0.7) * Math.cos(c * 1.3) + (c % 3 === 0 ? 0.5 : -0.2)
  const { train, test } = plant(30, 15, 0.6, truth, { seed: 9, noise: 0.2 })

  it.each([
    { k: 40, minK: 1, shrinkage: 100 },
    { k: 3, minK: 2, shrinkage: 5 },
  ])('predicts as Surprise computes it (k $k, min_k $minK, shrinkage $shrinkage)', async (o) => {
    const model = createKnnModel(o)
    await model.fit(train, { seed: 0 })
    const reference = surpriseKnnBaseline(train, o)
    const predicted = await model.predict(test.rows, test.cols)
    // The model rounds values, baselines and similarities to Float32; then clips to the training range.
    const lo = Math.min(...train.values)
    const hi = Math.max(...train.values)
    predicted.forEach((p, n) => expect(p).toBeCloseTo(Math.min(hi, Math.max(lo, reference(test.rows[n]!, test.cols[n]!))), 4))
  })

  it('beats the baseline alone on columns that move together', async () => {
    const withNeighbours = createKnnModel()
    const baselineOnly = createKnnModel({ minK: 1000 })
    await withNeighbours.fit(train, { seed: 0 })
    await baselineOnly.fit(train, { seed: 0 })
    const rmse = (p: Float64Array): number => Math.sqrt(p.reduce((s, v, n) => s + (v - test.values[n]!) ** 2, 0) / p.length)
    expect(rmse(await withNeighbours.predict(test.rows, test.cols))).toBeLessThan(0.97 * rmse(await baselineOnly.predict(test.rows, test.cols)))
  })
})
