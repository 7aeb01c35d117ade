import { describe, expect, it } from 'vitest'
import { BreakdownAccumulator } from '../../../src-main/core/pilot/breakdown.js'

describe('breakdown and constant columns', () => {
  it('leaves columns with zero spread over the dataset out of the table, the scatter and the heatmap', () => {
    // Column 1 is constant (a sensor always 0.03): its tiny errors must not appear as a per-column ratio.
    const spreads = Float64Array.from([1.5, 0, 2])
    const acc = new BreakdownAccumulator({ nRows: 2, nCols: 3 }, ['mf', 'nnmf'], 1, false, spreads)
    const test = { nRows: 2, nCols: 3, rows: Int32Array.from([0, 0, 1]), cols: Int32Array.from([0, 1, 2]), values: Float64Array.from([1, 0.03, 3]) }
    acc.add(
      0,
      test,
      new Map([
        ['mf' as const, Float64Array.from([2, 0.03 + 2e-10, 5])],
        ['nnmf' as const, Float64Array.from([1, 0.03 + 7e-10, 3])],
      ]),
      Float64Array.from([1, 1, 1]),
    )
    const out = acc.finish(['a', 'always-0.03', 'c'])
    expect(out.perColumn.map((c) => c.label)).toEqual(['a', 'c'])
    expect(out.scatter.col).toEqual([0, 2])
    expect(out.heatmap!.counts).toEqual([
      [1, 0, 0],
      [0, 0, 1],
    ])
  })
})

describe('scores and constant columns', () => {
  it('the row bootstrap leaves constant columns out of RMSE as scorePredictions does', async () => {
    const { weightedMetric } = await import('../../../src-main/core/pilot/row-bootstrap.js')
    const { scorePredictions } = await import('../../../src-main/core/pilot/evaluate.js')
    const spreads = Float64Array.from([2, 0])
    const test = { nRows: 3, nCols: 2, rows: Int32Array.from([0, 1, 2]), cols: Int32Array.from([0, 0, 1]), values: Float64Array.from([1, 3, 0.03]) }
    const predicted = Float64Array.from([2, 1, 0.0165])
    const losses = Float64Array.from(predicted, (p, i) => (p - test.values[i]!) ** 2)
    const scratch = { sum: new Float64Array(2), weight: new Float64Array(2) }
    const bootstrapped = weightedMetric(losses, test.cols, Int32Array.from([0, 1, 2]), Float64Array.from([1, 1, 1]), 'rmse', spreads, scratch)
    expect(bootstrapped).toBeCloseTo(Math.sqrt((1 + 4) / 2), 12)
    expect(scorePredictions(predicted, test, spreads, false).rmse).toBeCloseTo(bootstrapped, 12)
  })
})
