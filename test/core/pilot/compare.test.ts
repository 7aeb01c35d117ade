import { describe, expect, it } from 'vitest'
import { BreakdownAccumulator, SCATTER_POINTS } from '../../../src-main/core/pilot/breakdown.js'
import { bestModel, compareNnmfWithMf, measurePrimary, summarizeModels, type RunScore } from '../../../src-main/core/pilot/compare.js'
import type { RepeatCells } from '../../../src-main/core/pilot/row-bootstrap.js'
import type { PilotModelKind } from '../../../src-main/core/pilot/config.js'
import type { TestMetrics } from '../../../src-main/core/pilot/evaluate.js'

function metrics(rmse: number): TestMetrics {
  return { rmse, mae: rmse / 2, nrmse: rmse, logLoss: null, auc: null, averagePrecision: null }
}

function runs(scores: Partial<Record<PilotModelKind, number[]>>, limited: PilotModelKind[] = []): RunScore[] {
  return Object.entries(scores).flatMap(([model, values]) =>
    values!.map((v, repeat) => ({
      model: model as PilotModelKind,
      repeat,
      metrics: metrics(v),
      hitEpochLimit: limited.includes(model as PilotModelKind),
      stillImproving: limited.includes(model as PilotModelKind),
      failure: null,
    })),
  )
}

/**
 * Test cells whose RMSE per repeat is exactly the given score: one cell per row, every error of
 * the repeat equal to the score, so the bootstrap has no test-sampling spread and the interval is
 * the t-interval over repeats (hand-checkable).
 */
function exactCells(scores: Partial<Record<PilotModelKind, number[]>>): RepeatCells[] {
  const repeats = Object.values(scores)[0]!.length
  return Array.from({ length: repeats }, (_, j) => ({
    rows: Int32Array.from({ length: 10 }, (_, i) => i),
    cols: new Int32Array(10),
    truth: new Float64Array(10),
    predictions: new Map(Object.entries(scores).map(([model, values]) => [model, new Float64Array(10).fill(values![j]!)])),
  }))
}

const context = { dataCheckReasons: [], suitabilityOverridden: false, effort: 'quick' as const, secondsAt: (e: string) => (e === 'standard' ? 300 : 900) }

function compare(scores: Partial<Record<PilotModelKind, number[]>>, limited: PilotModelKind[] = [], ctx: Parameters<typeof compareNnmfWithMf>[3] = context) {
  const all = runs(scores, limited)
  const models = Object.keys(scores) as PilotModelKind[]
  return compareNnmfWithMf(
    all,
    'rmse',
    measurePrimary(exactCells(scores), all, models, { metric: 'rmse', spreads: new Float64Array(1).fill(1), nCols: 1, seed: 1 }),
    ctx,
  )
}

describe('NNMF against MF', () => {
  it('says nnmf-better for a consistent improvement beyond the band, with the hand-computed interval', () => {
    // Differences −0.10, −0.12, −0.08: mean −0.1, SD 0.02; no test-sampling spread, so df 2 and t(0.975, 2) = 4.3027.
    const c = compare({ mf: [1.0, 1.1, 0.9], nnmf: [0.9, 0.98, 0.82] })!
    expect(c.difference.mean).toBeCloseTo(-0.1, 12)
    expect(c.difference.seTestSampling).toBeLessThan(1e-12)
    expect(c.difference.df).toBeCloseTo(2, 9)
    expect(c.difference.high).toBeCloseTo(-0.1 + 4.302652729911275 * (0.02 / Math.sqrt(3)), 8)
    // Two-sided p for df 2 in closed form: 1 − |t| / √(2 + t²).
    const t = -0.1 / (0.02 / Math.sqrt(3))
    expect(c.pValue).toBeCloseTo(1 - Math.abs(t) / Math.sqrt(2 + t * t), 8)
    expect(c.negligibleBand).toBeCloseTo(0.01, 12)
    expect(c.relativeDifference).toBeCloseTo(-0.1, 12)
    expect(c.relativeInterval.high).toBeCloseTo(c.difference.high, 12)
    expect(c).toMatchObject({ verdict: 'nnmf-better', reasons: [{ code: 'interval-below-band' }], nextStep: null, caveats: [] })
  })

  it('says mf-better the other way round, equivalent inside the band, inconclusive when the interval is wide', () => {
    expect(compare({ mf: [0.9, 0.98, 0.82], nnmf: [1.0, 1.1, 0.9] })!.verdict).toBe('mf-better')
    // 0.05 % better every time: the whole interval sits inside ±1 %.
    expect(compare({ mf: [1, 1.1, 0.9], nnmf: [0.9995, 1.09945, 0.89955] })!.verdict).toBe('equivalent')
    // Large but inconsistent: −0.3, +0.1, −0.2. Not "no difference": it cannot tell, and says what would.
    const noisy = compare({ mf: [1, 1, 1], nnmf: [0.7, 1.1, 0.8] })!
    expect(noisy).toMatchObject({
      verdict: 'inconclusive',
      reasons: [{ code: 'interval-crosses-band' }],
      nextStep: { longerEffort: { effort: 'standard', seconds: 300 }, moreData: false },
    })
  })

  it("never puts NNMF more than 100 % below MF: the interval stops where NNMF's RMSE would be 0", () => {
    // Differences −0.9, +2.5, −0.5 against MF 1: the t interval over three repeats reaches far below −1.
    const wild = compare({ mf: [1, 1, 1], nnmf: [0.1, 3.5, 0.5] })!
    expect(wild.difference.low).toBe(-1)
    expect(wild.relativeInterval.low).toBe(-1)
    expect(wild.difference.high).toBeGreaterThan(2.5)
    expect(wild.verdict).toBe('inconclusive')
  })

  it('carries the caveats of the data check, the epoch limit and too few repeats', () => {
    const reason = { code: 'few-observations' as const, severity: 'caution' as const, observed: 8000, threshold: 20000 }
    const info = { code: 'constant-columns' as const, severity: 'info' as const, count: 2 }
    const c = compare({ mf: [1, 1.1], nnmf: [0.8, 0.9] }, ['nnmf'], { ...context, dataCheckReasons: [reason, info], suitabilityOverridden: true })!
    expect(c.verdict).toBe('nnmf-better')
    expect(c.caveats).toEqual([
      { code: 'data-check', reason },
      { code: 'nnmf-hit-epoch-limit', repeats: 2, of: 2 },
      { code: 'few-repeats', repeats: 2, minimum: 3 },
      { code: 'suitability-overridden' },
    ])
    // Still improving and behind: the limit is the reason, not a caveat.
    const behind = compare({ mf: [0.8, 0.9, 0.85], nnmf: [1, 1.1, 1.05] }, ['nnmf'])!
    expect(behind.verdict).toBe('inconclusive')
    expect(behind.reasons).toContainEqual({ code: 'still-improving', model: 'nnmf', repeats: 3, of: 3 })
    expect(behind.caveats).toEqual([])
    expect(compare({ mf: [1, 1, 1] })).toBeNull()
  })
})

describe('best model and summaries', () => {
  it('lets a baseline win and says so', () => {
    const scores = { mean: [0.95, 0.97, 0.99], bias: [0.96, 0.98, 1.0], mf: [0.97, 0.99, 1.01], nnmf: [0.951, 0.972, 0.991] }
    const all = runs(scores)
    const models = ['mean', 'bias', 'mf', 'nnmf'] as const
    const best = bestModel(
      all,
      models,
      'rmse',
      measurePrimary(exactCells(scores), all, models, { metric: 'rmse', spreads: new Float64Array(1).fill(1), nCols: 1, seed: 1 }),
    )
    expect(best).toMatchObject({ model: 'mean', isBaseline: true, clearlyBetter: false })
    expect(best.runnerUp!.model).toBe('nnmf')
  })

  it('summarises each metric over repeats, null where the data has none, within the metric range', () => {
    const [s] = summarizeModels(runs({ mf: [1, 2, 3] }), ['mf'])
    expect(s!.metrics.rmse).toMatchObject({ mean: 2, n: 3, low: 0 })
    expect(s!.metrics.mae!.mean).toBe(1)
    expect(s!.metrics.auc).toBeNull()
  })
})

describe('breakdown', () => {
  it('computes per-column RMSE, a bounded seeded scatter and block residuals by hand', () => {
    const acc = new BreakdownAccumulator({ nRows: 2, nCols: 3 }, ['mf', 'nnmf'], 1, false)
    const test = { nRows: 2, nCols: 3, rows: Int32Array.from([0, 0, 1]), cols: Int32Array.from([0, 2, 2]), values: Float64Array.from([1, 2, 3]) }
    const preds = new Map([
      ['mf' as const, Float64Array.from([2, 2, 5])],
      ['nnmf' as const, Float64Array.from([1, 3, 3])],
    ])
    acc.add(0, test, preds, Float64Array.from([1, 1, 1]))
    const out = acc.finish(['a', 'b', 'c'])
    expect(out.perColumn.map((c) => [c.label, c.n, c.rmse.mf, c.rmse.nnmf])).toEqual([
      ['a', 1, 1, 0],
      ['b', 0, null, null],
      ['c', 2, Math.sqrt((0 + 4) / 2), Math.sqrt((1 + 0) / 2)],
    ])
    expect(out.heatmap!.values.mf).toEqual([
      [1, null, 0],
      [null, null, 2],
    ])
    expect(out.heatmap!.counts).toEqual([
      [1, 0, 1],
      [0, 0, 1],
    ])
    expect(out.scatter.actual).toEqual([1, 2, 3])

    const big = new BreakdownAccumulator({ nRows: 300, nCols: 200 }, ['mf'], 7, true)
    const n = 10_000
    const cells = {
      nRows: 300,
      nCols: 200,
      rows: Int32Array.from({ length: n }, (_, i) => i % 300),
      cols: Int32Array.from({ length: n }, (_, i) => i % 200),
      values: Float64Array.from({ length: n }, (_, i) => i),
    }
    big.add(0, cells, new Map([['mf' as const, cells.values]]), new Float64Array(200).fill(2))
    const again = new BreakdownAccumulator({ nRows: 300, nCols: 200 }, ['mf'], 7, true)
    again.add(0, cells, new Map([['mf' as const, cells.values]]), new Float64Array(200).fill(2))
    const a = big.finish([])
    expect(a.scatter.actual).toHaveLength(SCATTER_POINTS)
    expect(a.scatter.actual).toEqual(again.finish([]).scatter.actual)
    expect(a.heatmap!.rowEdges).toHaveLength(50)
    expect(a.heatmap!.values.mf).toHaveLength(50)
    expect(a.heatmap!.values.mf![0]).toHaveLength(50)
  })
})

describe('normalised RMSE', () => {
  it('averages RMSE_c / SD_c over columns, SD_c the spread of the whole column, by hand', async () => {
    const { columnSpreads, normalizedRmse, scorePredictions } = await import('../../../src-main/core/pilot/evaluate.js')
    // The whole dataset: column 0 = 1, 3, 5, 7 (SD √5); column 1 = 0, 0, 4, 4 (SD 2); column 2 constant 9.
    const all = {
      nRows: 4,
      nCols: 3,
      rows: Int32Array.from([0, 1, 2, 3, 0, 1, 2, 3, 0, 1]),
      cols: Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1, 2, 2]),
      values: Float64Array.from([1, 3, 5, 7, 0, 0, 4, 4, 9, 9]),
    }
    const spreads = columnSpreads(all)
    expect(Array.from(spreads)).toEqual([Math.sqrt(5), 2, 0])
    // Test cells: (0,0)=1 predicted 2, (1,0)=3 predicted 2 → RMSE 1; (2,1)=4 predicted 0 → RMSE 4; (0,2)=9 skipped.
    const test = { nRows: 4, nCols: 3, rows: Int32Array.from([0, 1, 2, 0]), cols: Int32Array.from([0, 0, 1, 2]), values: Float64Array.from([1, 3, 4, 9]) }
    const predicted = Float64Array.from([2, 2, 0, 100])
    expect(normalizedRmse(predicted, test, spreads)).toBeCloseTo((1 / Math.sqrt(5) + 4 / 2) / 2, 12)
    const m = scorePredictions(predicted, test, spreads, false)
    // RMSE and MAE leave the constant column out too.
    expect(m.rmse).toBeCloseTo(Math.sqrt((1 + 1 + 16) / 3), 12)
    expect(m.mae).toBeCloseTo((1 + 1 + 4) / 3, 12)
    expect(m.logLoss).toBeNull()
    const onlyConstant = { ...test, rows: Int32Array.from([0]), cols: Int32Array.from([2]), values: Float64Array.from([9]) }
    expect(normalizedRmse(Float64Array.from([1]), onlyConstant, spreads)).toBeNull()
  })
})
