import type { PilotModelKind } from './config.js'
import type { DataCheckReason } from './data-check.js'
import type { PrimaryMetric, TestMetrics } from './evaluate.js'
import { pairedTTest, tInterval, type Interval, type PairedTest } from './stats.js'

/**
 * From per-repeat scores to the pilot's answer: each model's mean and 95 % t-interval over the
 * repeats; NNMF against MF paired over the same splits; the best model overall (a baseline may
 * win, and the result says so).
 *
 * Verdict rule (NNMF vs MF, on the primary metric: mean per-column normalised RMSE (evaluate.ts) for scaled sensor data, RMSE
 * otherwise, log loss for binary data; lower is better):
 *   Δ = mean over repeats of (NNMF − MF);  band = NEGLIGIBLE_FRACTION × mean MF score.
 *   |Δ| ≤ band                      → 'no-difference' (reason 'negligible')
 *   paired t-test p ≥ ALPHA         → 'no-difference' (reason 'not-significant')
 *   otherwise Δ < 0 → 'nnmf-better', Δ > 0 → 'mf-better' (reason 'significant').
 */
export const ALPHA = 0.05
export const NEGLIGIBLE_FRACTION = 0.01

/** What the comparison needs of one model run. */
export interface RunScore {
  model: PilotModelKind
  repeat: number
  metrics: TestMetrics
  /** NNMF: the chosen candidate was still improving at its epoch limit. */
  hitEpochLimit: boolean
}

export type MetricName = keyof TestMetrics

export interface ModelSummary {
  model: PilotModelKind
  /** Mean and 95 % interval over repeats for each metric this data has (null otherwise). */
  metrics: Record<MetricName, Interval | null>
}

export type Caveat =
  | { code: 'data-check'; reason: DataCheckReason }
  | { code: 'nnmf-hit-epoch-limit'; repeats: number; of: number }
  | { code: 'few-repeats'; repeats: number; minimum: number }
  | { code: 'suitability-overridden' }

export type ComparisonVerdict = 'nnmf-better' | 'mf-better' | 'no-difference'

export interface NnmfVsMf {
  metric: PrimaryMetric
  /** Per repeat, in repeat order. */
  nnmf: number[]
  mf: number[]
  /** Paired test of NNMF − MF. */
  test: PairedTest
  /** Δ relative to MF's mean score (−0.05: NNMF 5 % lower). */
  relativeDifference: number
  negligibleBand: number
  verdict: ComparisonVerdict
  reason: 'negligible' | 'not-significant' | 'significant'
  caveats: Caveat[]
}

export interface BestModel {
  model: PilotModelKind
  metric: PrimaryMetric
  mean: number
  /** The best is the global mean or the bias model: the factorisations did not earn their keep. */
  isBaseline: boolean
  runnerUp: { model: PilotModelKind; mean: number; pValue: number | null } | null
  /** Better than the runner-up beyond the negligible band and with p < ALPHA. */
  clearlyBetter: boolean
}

const METRICS: MetricName[] = ['rmse', 'mae', 'nrmse', 'logLoss', 'auc', 'averagePrecision']

function scoresOf(runs: readonly RunScore[], model: PilotModelKind, metric: MetricName): number[] {
  return runs
    .filter((r) => r.model === model)
    .sort((a, b) => a.repeat - b.repeat)
    .map((r) => r.metrics[metric])
    .filter((v): v is number => v !== null)
}

export function summarizeModels(runs: readonly RunScore[], models: readonly PilotModelKind[]): ModelSummary[] {
  return models.map((model) => {
    const metrics = {} as Record<MetricName, Interval | null>
    for (const metric of METRICS) {
      const values = scoresOf(runs, model, metric)
      metrics[metric] = values.length > 0 ? tInterval(values) : null
    }
    return { model, metrics }
  })
}

export function compareNnmfWithMf(
  runs: readonly RunScore[],
  metric: PrimaryMetric,
  context: { dataCheckReasons: readonly DataCheckReason[]; suitabilityOverridden: boolean; minimumRepeats?: number },
): NnmfVsMf | null {
  const nnmf = scoresOf(runs, 'nnmf', metric)
  const mf = scoresOf(runs, 'mf', metric)
  if (nnmf.length === 0 || mf.length === 0 || nnmf.length !== mf.length) return null
  const test = pairedTTest(nnmf, mf)
  const mfMean = test.n > 0 ? mf.reduce((s, v) => s + v, 0) / mf.length : NaN
  const negligibleBand = NEGLIGIBLE_FRACTION * Math.abs(mfMean)
  const delta = test.meanDifference
  let verdict: ComparisonVerdict = 'no-difference'
  let reason: NnmfVsMf['reason']
  if (Math.abs(delta) <= negligibleBand) reason = 'negligible'
  else if (test.pValue === null || !(test.pValue < ALPHA)) reason = 'not-significant'
  else {
    reason = 'significant'
    verdict = delta < 0 ? 'nnmf-better' : 'mf-better'
  }
  const caveats: Caveat[] = context.dataCheckReasons
    .filter((r) => r.severity !== 'info')
    .map((reason) => ({ code: 'data-check' as const, reason }))
  const limited = runs.filter((r) => r.model === 'nnmf' && r.hitEpochLimit).length
  if (limited > 0) caveats.push({ code: 'nnmf-hit-epoch-limit', repeats: limited, of: nnmf.length })
  const minimum = context.minimumRepeats ?? 3
  if (nnmf.length < minimum) caveats.push({ code: 'few-repeats', repeats: nnmf.length, minimum })
  if (context.suitabilityOverridden) caveats.push({ code: 'suitability-overridden' })
  return {
    metric, nnmf, mf, test,
    relativeDifference: delta / Math.abs(mfMean),
    negligibleBand, verdict, reason, caveats,
  }
}

export function bestModel(runs: readonly RunScore[], models: readonly PilotModelKind[], metric: PrimaryMetric): BestModel {
  const ranked = models
    .map((model) => {
      const values = scoresOf(runs, model, metric)
      return { model, values, mean: values.length > 0 ? values.reduce((s, v) => s + v, 0) / values.length : Infinity }
    })
    .sort((a, b) => a.mean - b.mean || models.indexOf(a.model) - models.indexOf(b.model))
  const best = ranked[0]!
  const second = ranked[1]
  let runnerUp: BestModel['runnerUp'] = null
  let clearlyBetter = false
  if (second) {
    const paired = best.values.length === second.values.length && best.values.length >= 2 ? pairedTTest(best.values, second.values) : null
    runnerUp = { model: second.model, mean: second.mean, pValue: paired ? paired.pValue : null }
    clearlyBetter = paired !== null && paired.pValue !== null && second.mean - best.mean > NEGLIGIBLE_FRACTION * Math.abs(second.mean) && paired.pValue < ALPHA
  }
  return { model: best.model, metric, mean: best.mean, isBaseline: best.model === 'mean' || best.model === 'bias', runnerUp, clearlyBetter }
}
