import { describe, expect, it } from 'vitest'
import { compareNnmfWithMf, measurePrimary, type RunScore } from '../../../src-main/core/pilot/compare.js'
import { scorePredictions, type PrimaryMetric } from '../../../src-main/core/pilot/evaluate.js'
import { rowBootstrap, weightedMetric, type RepeatCells } from '../../../src-main/core/pilot/row-bootstrap.js'
import { studentTQuantile } from '../../../src-main/core/pilot/stats.js'
import { combineUncertainty } from '../../../src-main/core/pilot/uncertainty.js'
import { createRng, type Rng } from '../../../src-main/core/random.js'

describe('combining test sampling and the spread between repeats', () => {
  it('adds the variances and takes Welch–Satterthwaite degrees of freedom, by hand', () => {
    const perRepeat = [-0.1, -0.12, -0.08] // mean −0.1, sample SD 0.02
    const replicates = [-0.13, -0.07, -0.1, -0.1] // sample SD √(0.0018/3)
    const e = combineUncertainty(perRepeat, replicates)
    const vBoot = 0.0018 / 3
    const vBetween = 0.0004 / 3
    const v = vBoot + vBetween
    const df = (v * v * 2) / (vBetween * vBetween)
    expect(e.mean).toBeCloseTo(-0.1, 12)
    expect(e.se).toBeCloseTo(Math.sqrt(v), 12)
    expect(e.df).toBeCloseTo(df, 9)
    expect(e.high).toBeCloseTo(-0.1 + studentTQuantile(0.975, df) * Math.sqrt(v), 9)
    // Without test-sampling spread it is the t-interval over repeats (df 2, quantile 4.30).
    const t = combineUncertainty(perRepeat, [-0.1, -0.1])
    expect(t.df).toBeCloseTo(2, 12)
    expect(t.high - t.mean).toBeCloseTo(4.302652729911275 * Math.sqrt(vBetween), 9)
    // Without spread between repeats (one test set, one seed): the normal quantile.
    const z = combineUncertainty([0.5, 0.5, 0.5], replicates)
    expect(z.df).toBeNull()
    expect(z.high - z.mean).toBeCloseTo(1.959963984540054 * Math.sqrt(vBoot), 12)
  })
})

function cellsOf(rows: number[], cols: number[], truth: number[], predictions: Record<string, number[]>): RepeatCells {
  return {
    rows: Int32Array.from(rows),
    cols: Int32Array.from(cols),
    truth: Float64Array.from(truth),
    predictions: new Map(Object.entries(predictions).map(([k, v]) => [k, Float64Array.from(v)])),
  }
}

describe('the row bootstrap', () => {
  it('gives exactly the pilot metric with unit weights (RMSE, normalised RMSE, log loss)', () => {
    const rng = createRng(3)
    const n = 200
    const rows = Array.from({ length: n }, () => rng.int(30))
    const cols = Array.from({ length: n }, () => rng.int(6))
    const truth = Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0))
    const pred = Array.from({ length: n }, () => 0.05 + 0.9 * rng.next())
    const spreads = Float64Array.from([1, 2, 0, 0.5, 3, 1])
    const test = { nRows: 30, nCols: 6, rows: Int32Array.from(rows), cols: Int32Array.from(cols), values: Float64Array.from(truth) }
    const reference = scorePredictions(Float64Array.from(pred), test, spreads, true)
    const unit = Int32Array.from(rows)
    const weights = new Float64Array(30).fill(1)
    const scratch = { sum: new Float64Array(6), weight: new Float64Array(6) }
    const sq = Float64Array.from(pred, (p, i) => (p - truth[i]!) ** 2)
    const ll = Float64Array.from(pred, (p, i) => (truth[i]! > 0.5 ? -Math.log(p) : -Math.log(1 - p)))
    expect(weightedMetric(sq, test.cols, unit, weights, 'rmse', spreads, scratch)).toBeCloseTo(reference.rmse, 12)
    expect(weightedMetric(sq, test.cols, unit, weights, 'nrmse', spreads, scratch)).toBeCloseTo(reference.nrmse!, 12)
    expect(weightedMetric(ll, test.cols, unit, weights, 'logLoss', spreads, scratch)).toBeCloseTo(reference.logLoss!, 12)
  })

  it('resamples rows, not cells: errors shared by a row count once', () => {
    // 40 rows × 50 cells; each row's cells share one error, so there are 40 independent values, not 2000.
    const rng = createRng(5)
    const rows: number[] = []
    const cols: number[] = []
    const truth: number[] = []
    const pred: number[] = []
    const rowError = Array.from({ length: 40 }, () => rng.normal())
    for (let r = 0; r < 40; r++)
      for (let c = 0; c < 50; c++) {
        rows.push(r)
        cols.push(c)
        truth.push(0)
        pred.push(rowError[r]!)
      }
    const boot = rowBootstrap([cellsOf(rows, cols, truth, { a: pred })], ['a'], {
      metric: 'logLoss' as PrimaryMetric,
      spreads: new Float64Array(50),
      nCols: 50,
      seed: 1,
      replicates: 800,
    })
    expect(boot.units).toBe(40)
    // Metric 'logLoss' on truth 0 is −log(1 − p): use squared error instead through 'rmse' squared below.
    const sq = rowBootstrap([cellsOf(rows, cols, truth, { a: pred })], ['a'], {
      metric: 'rmse',
      spreads: new Float64Array(50),
      nCols: 50,
      seed: 1,
      replicates: 800,
    })
    const mse = Array.from(sq.replicates.get('a')!, (x) => x * x)
    const m = mse.reduce((s, x) => s + x, 0) / mse.length
    const sd = Math.sqrt(mse.reduce((s, x) => s + (x - m) ** 2, 0) / (mse.length - 1))
    const sq40 = rowError.map((e) => e * e)
    const mean40 = sq40.reduce((s, x) => s + x, 0) / 40
    const rowSe = Math.sqrt(sq40.reduce((s, x) => s + (x - mean40) ** 2, 0) / 40 / 40)
    expect(sd / rowSe).toBeGreaterThan(0.8)
    expect(sd / rowSe).toBeLessThan(1.25)
  })
})

/**
 * Small synthetic version of the bench's A/A and power checks: two arms whose errors share each
 * row's quirk and differ by a per-repeat seed effect (as two trainings with different seeds do).
 */
function syntheticPilot(rng: Rng, options: { repeats: number; advantage: number; sameTestSet: boolean }): ReturnType<typeof compareNnmfWithMf> {
  const nRows = 60
  const nCols = 8
  const cells: RepeatCells[] = []
  const runs: RunScore[] = []
  const rowQuirk = Float64Array.from({ length: nRows }, () => 0.5 * rng.normal())
  const fixedTest = Array.from({ length: 120 }, () => [rng.int(nRows), rng.int(nCols)] as const)
  for (let repeat = 0; repeat < options.repeats; repeat++) {
    const test = options.sameTestSet ? fixedTest : Array.from({ length: 120 }, () => [rng.int(nRows), rng.int(nCols)] as const)
    const seedEffect = { nnmf: 1 + 0.04 * rng.normal() - options.advantage, mf: 1 + 0.04 * rng.normal() }
    const truth = test.map(() => 0)
    const predictions: Record<string, number[]> = { nnmf: [], mf: [] }
    for (const [r] of test) {
      const shared = rowQuirk[r]! + 0.3 * rng.normal()
      predictions.nnmf!.push(seedEffect.nnmf * (shared + 0.2 * rng.normal()))
      predictions.mf!.push(seedEffect.mf * (shared + 0.2 * rng.normal()))
    }
    const c = cellsOf(
      test.map(([r]) => r),
      test.map(([, col]) => col),
      truth,
      predictions,
    )
    cells.push(c)
    for (const model of ['mf', 'nnmf'] as const) {
      const matrix = { nRows, nCols, rows: c.rows, cols: c.cols, values: c.truth }
      runs.push({
        model,
        repeat,
        metrics: scorePredictions(c.predictions.get(model)!, matrix, new Float64Array(nCols).fill(1), false),
        hitEpochLimit: false,
        stillImproving: false,
        failure: null,
      })
    }
  }
  const uncertainty = measurePrimary(cells, runs, ['mf', 'nnmf'], {
    metric: 'rmse',
    spreads: new Float64Array(nCols).fill(1),
    nCols,
    seed: rng.int(1 << 30),
    replicates: 200,
  })
  return compareNnmfWithMf(runs, 'rmse', uncertainty, { dataCheckReasons: [], suitabilityOverridden: false, effort: 'quick', secondsAt: () => 100 })
}

describe('calibration on synthetic pilots (the bench runs the full campaign)', () => {
  it('rarely calls a winner between two equal arms, with fresh or shared test sets', () => {
    for (const sameTestSet of [false, true]) {
      const rng = createRng(sameTestSet ? 11 : 12)
      let wrong = 0
      const trials = 150
      for (let i = 0; i < trials; i++) {
        const c = syntheticPilot(rng, { repeats: 3, advantage: 0, sameTestSet })!
        if (c.verdict === 'nnmf-better' || c.verdict === 'mf-better') wrong++
      }
      // Nominal at most 5 %; 15 of 150 is beyond a binomial 99 % bound for a 5 % rate.
      expect(wrong).toBeLessThanOrEqual(15)
    }
  })

  it('finds a real 15 % advantage most of the time and never reverses it', () => {
    const rng = createRng(13)
    const verdicts = Array.from({ length: 60 }, () => syntheticPilot(rng, { repeats: 3, advantage: 0.15, sameTestSet: false })!.verdict)
    expect(verdicts.filter((v) => v === 'mf-better' || v === 'equivalent')).toHaveLength(0)
    expect(verdicts.filter((v) => v === 'nnmf-better').length).toBeGreaterThanOrEqual(30)
  })
})
