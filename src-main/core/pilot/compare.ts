import { specOf } from '../models/specs.js'
import type { PilotModelKind } from './config.js'
import type { DataCheckReason } from './data-check.js'
import type { EffortName } from './effort.js'
import type { PrimaryMetric, TestMetrics } from './evaluate.js'
import { rowBootstrap, type RepeatCells } from './row-bootstrap.js'
import { mean, studentTCdf, tInterval, type Interval } from './stats.js'
import { combineUncertainty, replicateDifference, type Estimate } from './uncertainty.js'
import {
  decideVerdict,
  nextStepFor,
  NEGLIGIBLE_FRACTION,
  type ComparedModel,
  type FitFailure,
  type NextStep,
  type VerdictOutcome,
  type VerdictReason,
} from './verdict.js'

/**
 * From per-repeat scores and per-cell predictions to the pilot's answer: each model's mean with a
 * 95 % interval, NNMF against MF as verdict facts (verdict.ts decides, uncertainty.ts and
 * row-bootstrap.ts measure), and the best model overall (a baseline may win, and the result says
 * so). The primary metric (evaluate.ts) gets the calibrated interval; the secondary ones keep the
 * t-interval over repeats, clamped to the metric's range.
 */
export { NEGLIGIBLE_FRACTION }

/** What the comparison needs of one model run. */
export interface RunScore {
  model: PilotModelKind
  repeat: number
  metrics: TestMetrics
  /** The chosen candidate's best epoch was its last allowed one. */
  hitEpochLimit: boolean
  /** …and its validation loss was still falling by more than a negligible amount (still-improving.ts). */
  stillImproving: boolean
  /** The fit failed even after its retries (failed-fit.ts); null when it trained. */
  failure: FitFailure | null
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
  /** Stored by an earlier version with a plain t-interval over the splits (legacy.ts): run it again. */
  | { code: 'legacy-statistics' }

export type { VerdictOutcome, VerdictReason, NextStep }

export interface NnmfVsMf {
  metric: PrimaryMetric
  /** Per repeat, in repeat order. */
  nnmf: number[]
  mf: number[]
  /** NNMF − MF averaged over repeats, with its 95 % interval (negative: NNMF lower, better). */
  difference: Estimate
  /** The difference and its interval relative to MF's mean score (−0.05: NNMF 5 % lower). */
  relativeDifference: number
  relativeInterval: { low: number; high: number }
  /** Two-sided p-value of "no difference" from the same estimate (kept for scripts). */
  pValue: number
  /** Half-width b of the negligible band [−b, +b], in the metric's units. */
  negligibleBand: number
  negligibleFraction: number
  verdict: VerdictOutcome
  reasons: VerdictReason[]
  /** What would settle an inconclusive verdict; null otherwise. */
  nextStep: NextStep | null
  caveats: Caveat[]
  /** How the interval was computed; 'legacy-t-interval' for results of version 1 (legacy.ts). */
  method: { name: 'row-bootstrap-with-repeats' | 'legacy-t-interval'; replicates: number; rows: number; repeats: number }
}

export interface BestModel {
  model: PilotModelKind
  metric: PrimaryMetric
  mean: number
  /** The best is the global mean or the bias model: the factorisations did not earn their keep. */
  isBaseline: boolean
  runnerUp: { model: PilotModelKind; mean: number; pValue: number | null } | null
  /** The runner-up's excess over the best lies wholly beyond the negligible band. */
  clearlyBetter: boolean
}

const METRICS: MetricName[] = ['rmse', 'mae', 'nrmse', 'logLoss', 'auc', 'averagePrecision']
const BOUNDS: Record<MetricName, [number, number]> = {
  rmse: [0, Infinity],
  mae: [0, Infinity],
  nrmse: [0, Infinity],
  logLoss: [0, Infinity],
  auc: [0, 1],
  averagePrecision: [0, 1],
}

function scoresOf(runs: readonly RunScore[], model: PilotModelKind, metric: MetricName): number[] {
  return runs
    .filter((r) => r.model === model)
    .sort((a, b) => a.repeat - b.repeat)
    .map((r) => r.metrics[metric])
    .filter((v): v is number => v !== null)
}

function clamp(interval: Interval, metric: MetricName): Interval {
  const [lo, hi] = BOUNDS[metric]
  return { ...interval, low: Math.max(lo, interval.low), high: Math.min(hi, interval.high) }
}

/**
 * The difference NNMF − MF cut to what the metric allows: an RMSE is never below 0, so NNMF cannot
 * be more than 100 % lower than MF. A t interval on three repeats can reach past that ("525 %
 * lower"), which reads as nonsense; the cut interval still holds the true difference whenever the
 * uncut one did, and no verdict changes (a bound past −100 % stays past the negligible band).
 */
function feasibleDifference(difference: Estimate, metric: MetricName, mfAverage: number): Estimate {
  const [lo, hi] = BOUNDS[metric]
  return { ...difference, low: Math.max(lo - mfAverage, difference.low), high: Math.min(hi - mfAverage, difference.high) }
}

/** Two-sided p-value of mean = 0 under the estimate's t (or normal) reference. */
export function pValueOf(estimate: Estimate): number {
  if (estimate.se === 0) return estimate.mean === 0 ? 1 : 0
  const t = Math.abs(estimate.mean) / estimate.se
  return 2 * studentTCdf(-t, estimate.df ?? 1e9)
}

/** The bootstrap of the primary metric, shared by the summary, the comparison and the best model. */
export interface PrimaryUncertainty {
  estimates: Map<PilotModelKind, Estimate>
  replicates: Map<string, Float64Array>
  rows: number
}

export function measurePrimary(
  cells: readonly RepeatCells[],
  runs: readonly RunScore[],
  models: readonly PilotModelKind[],
  options: { metric: PrimaryMetric; spreads: Float64Array; nCols: number; seed: number; replicates?: number },
): PrimaryUncertainty {
  const boot = rowBootstrap(cells, models, options)
  const estimates = new Map<PilotModelKind, Estimate>()
  for (const model of models) {
    const perRepeat = scoresOf(runs, model, options.metric)
    if (perRepeat.length === cells.length && perRepeat.length > 0) estimates.set(model, combineUncertainty(perRepeat, boot.replicates.get(model)!))
  }
  return { estimates, replicates: boot.replicates, rows: boot.units }
}

export function summarizeModels(
  runs: readonly RunScore[],
  models: readonly PilotModelKind[],
  primary?: { metric: PrimaryMetric; uncertainty: PrimaryUncertainty },
): ModelSummary[] {
  return models.map((model) => {
    const metrics = {} as Record<MetricName, Interval | null>
    for (const metric of METRICS) {
      const values = scoresOf(runs, model, metric)
      if (values.length === 0) {
        metrics[metric] = null
        continue
      }
      const estimate = primary?.metric === metric ? primary.uncertainty.estimates.get(model) : undefined
      const interval = tInterval(values)
      metrics[metric] = clamp(estimate ? { ...interval, low: estimate.low, high: estimate.high } : interval, metric)
    }
    return { model, metrics }
  })
}

export interface ComparisonContext {
  dataCheckReasons: readonly DataCheckReason[]
  suitabilityOverridden: boolean
  effort: EffortName
  /** Estimated seconds of the same pilot at another effort (for the next step). */
  secondsAt: (effort: EffortName) => number
  minimumRepeats?: number
}

export function compareNnmfWithMf(
  runs: readonly RunScore[],
  metric: PrimaryMetric,
  uncertainty: PrimaryUncertainty,
  context: ComparisonContext,
): NnmfVsMf | null {
  const nnmf = scoresOf(runs, 'nnmf', metric)
  const mf = scoresOf(runs, 'mf', metric)
  const a = uncertainty.replicates.get('nnmf')
  const b = uncertainty.replicates.get('mf')
  if (nnmf.length === 0 || nnmf.length !== mf.length || !a || !b) return null
  const repeats = nnmf.length
  const difference = feasibleDifference(
    combineUncertainty(
      nnmf.map((x, i) => x - mf[i]!),
      replicateDifference(a, b),
    ),
    metric,
    mean(mf),
  )
  const mfMean = Math.abs(mean(mf))
  const negligibleBand = NEGLIGIBLE_FRACTION * mfMean
  const count = (model: ComparedModel, test: (r: RunScore) => boolean): number => runs.filter((r) => r.model === model && test(r)).length
  const failedFacts = (model: ComparedModel): { repeats: number; failure: FitFailure } | null => {
    const failed = runs.filter((r) => r.model === model && r.failure !== null)
    return failed.length > 0 ? { repeats: failed.length, failure: failed.some((r) => r.failure === 'diverged') ? 'diverged' : 'no-learning' } : null
  }
  const decision = decideVerdict(difference, negligibleBand, {
    repeats,
    stillImproving: { nnmf: count('nnmf', (r) => r.stillImproving), mf: count('mf', (r) => r.stillImproving) },
    failed: { nnmf: failedFacts('nnmf'), mf: failedFacts('mf') },
  })
  const caveats: Caveat[] = context.dataCheckReasons.filter((r) => r.severity !== 'info').map((reason) => ({ code: 'data-check' as const, reason }))
  const limited = count('nnmf', (r) => r.hitEpochLimit)
  // Named as a reason when it decides the verdict; otherwise a caveat (a better NNMF might be better still).
  if (limited > 0 && !decision.reasons.some((r) => r.code === 'still-improving' && r.model === 'nnmf')) {
    caveats.push({ code: 'nnmf-hit-epoch-limit', repeats: limited, of: repeats })
  }
  const minimum = context.minimumRepeats ?? 3
  if (repeats < minimum) caveats.push({ code: 'few-repeats', repeats, minimum })
  if (context.suitabilityOverridden) caveats.push({ code: 'suitability-overridden' })
  return {
    metric,
    nnmf,
    mf,
    difference,
    relativeDifference: difference.mean / mfMean,
    relativeInterval: { low: difference.low / mfMean, high: difference.high / mfMean },
    pValue: pValueOf(difference),
    negligibleBand,
    negligibleFraction: NEGLIGIBLE_FRACTION,
    verdict: decision.verdict,
    reasons: decision.reasons,
    nextStep: nextStepFor(decision, difference, context.effort, context.secondsAt),
    caveats,
    method: { name: 'row-bootstrap-with-repeats', replicates: a.length, rows: uncertainty.rows, repeats },
  }
}

export function bestModel(runs: readonly RunScore[], models: readonly PilotModelKind[], metric: PrimaryMetric, uncertainty?: PrimaryUncertainty): BestModel {
  const ranked = models
    .map((model) => {
      const values = scoresOf(runs, model, metric)
      return { model, values, mean: values.length > 0 ? mean(values) : Infinity }
    })
    .sort((a, b) => a.mean - b.mean || models.indexOf(a.model) - models.indexOf(b.model))
  const best = ranked[0]!
  const second = ranked[1]
  let runnerUp: BestModel['runnerUp'] = null
  let clearlyBetter = false
  if (second) {
    const a = uncertainty?.replicates.get(second.model)
    const b = uncertainty?.replicates.get(best.model)
    const paired =
      a && b && best.values.length === second.values.length && best.values.length > 0
        ? combineUncertainty(
            second.values.map((x, i) => x - best.values[i]!),
            replicateDifference(a, b),
          )
        : null
    runnerUp = { model: second.model, mean: second.mean, pValue: paired ? pValueOf(paired) : null }
    clearlyBetter = paired !== null && paired.low > NEGLIGIBLE_FRACTION * Math.abs(second.mean)
  }
  return { model: best.model, metric, mean: best.mean, isBaseline: specOf(best.model).pilot.role !== 'compared', runnerUp, clearlyBetter }
}
